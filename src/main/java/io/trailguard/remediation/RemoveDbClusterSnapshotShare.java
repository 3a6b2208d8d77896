package io.trailguard.remediation;

import java.util.List;
import java.util.Map;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.trailguard.policy.ActionSpec;
import io.trailguard.predicates.AwsIdentifiers;

/** Removes "all" and the given accounts from an Aurora cluster snapshot's restore attribute; other accounts stay. */
@ApplicationScoped
public class RemoveDbClusterSnapshotShare implements ActionExecutor {

    public static final String NAME = "rds.remove-db-cluster-snapshot-share";

    private final SignedQueryCall rds;

    public RemoveDbClusterSnapshotShare(AwsClientConfig config, AccountCredentials credentials) {
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
        String snapshot = "arn:aws:rds:*:*:cluster-snapshot:${snapshot}";
        return List.of(new Permission("rds:DescribeDBClusterSnapshotAttributes", snapshot), new Permission("rds:ModifyDBClusterSnapshotAttribute", snapshot));
    }

    @Override
    public String refusal(ActionSpec spec) {
        return ParamCheck.first(ParamCheck.string(spec, "snapshot", AwsIdentifiers::isDbSnapshotIdentifier, "a DB cluster snapshot identifier"),
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
            Map<String, String> parameters = SignedQueryCall.parameters("DBClusterSnapshotIdentifier", spec.string("snapshot"), "AttributeName", "restore");
            SignedQueryCall.putList(parameters, "ValuesToRemove.AttributeValue.", live);
            rds.call("ModifyDBClusterSnapshotAttribute", parameters);
        }
    }

    private List<String> liveShares(ActionSpec spec) {
        List<String> shares = spec.strings("shares");
        String answer = rds.call("DescribeDBClusterSnapshotAttributes", SignedQueryCall.parameters("DBClusterSnapshotIdentifier", spec.string("snapshot")));
        return SignedQueryCall.members(answer, "DBClusterSnapshotAttributes", "DBClusterSnapshotAttribute").stream()
                .filter(a -> "restore".equals(SignedQueryCall.text(a, "AttributeName")))
                .flatMap(a -> SignedQueryCall.members(a, "AttributeValues", "AttributeValue").stream()).filter(shares::contains).toList();
    }

    @PreDestroy
    void close() {
        rds.close();
    }
}
