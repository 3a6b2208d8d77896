package io.trailguard.remediation;

import java.util.List;
import java.util.Map;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.trailguard.policy.ActionSpec;
import io.trailguard.predicates.AwsIdentifiers;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/** Removes "all" and the given accounts from an RDS DB snapshot's restore attribute; other accounts stay. */
@ApplicationScoped
public class RemoveDbSnapshotShare implements ActionExecutor {

    public static final String NAME = "rds.remove-db-snapshot-share";

    private final SignedQueryCall rds;

    @Inject
    public RemoveDbSnapshotShare(AwsClientConfig config, AccountCredentials credentials) {
        this(config, (AwsCredentialsProvider) credentials);
    }

    RemoveDbSnapshotShare(AwsClientConfig config, AwsCredentialsProvider credentials) {
        this.rds = SignedQueryCall.rds(config, credentials);
    }

    public static ActionSpec spec(String snapshot, boolean everyone, List<String> accounts) {
        return ActionSpec.of(NAME, "snapshot", snapshot, "shares", Shares.of(everyone, accounts));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Permission> permissions() {
        String snapshot = "arn:aws:rds:*:*:snapshot:${snapshot}";
        return List.of(new Permission("rds:DescribeDBSnapshotAttributes", snapshot), new Permission("rds:ModifyDBSnapshotAttribute", snapshot));
    }

    @Override
    public String refusal(ActionSpec spec) {
        return ParamCheck.first(ParamCheck.string(spec, "snapshot", AwsIdentifiers::isDbSnapshotIdentifier, "a DB snapshot identifier"),
                Shares.refusal(spec));
    }

    @Override
    public String target(ActionSpec spec) {
        return spec.string("snapshot") + " restorable by " + spec.strings("shares");
    }

    @Override
    public boolean needed(ActionSpec spec) {
        return !liveShares(spec).isEmpty();
    }

    @Override
    public void apply(ActionSpec spec) {
        List<String> live = liveShares(spec);
        if (!live.isEmpty()) {
            Map<String, String> parameters = SignedQueryCall.parameters("DBSnapshotIdentifier", spec.string("snapshot"), "AttributeName", "restore");
            SignedQueryCall.putList(parameters, "ValuesToRemove.AttributeValue.", live);
            rds.call("ModifyDBSnapshotAttribute", parameters);
        }
    }

    private List<String> liveShares(ActionSpec spec) {
        List<String> shares = spec.strings("shares");
        String answer = rds.call("DescribeDBSnapshotAttributes", SignedQueryCall.parameters("DBSnapshotIdentifier", spec.string("snapshot")));
        return SignedQueryCall.members(answer, "DBSnapshotAttributes", "DBSnapshotAttribute").stream()
                .filter(a -> "restore".equals(SignedQueryCall.text(a, "AttributeName")))
                .flatMap(a -> SignedQueryCall.members(a, "AttributeValues", "AttributeValue").stream()).filter(shares::contains).toList();
    }

    @PreDestroy
    void close() {
        rds.close();
    }
}
