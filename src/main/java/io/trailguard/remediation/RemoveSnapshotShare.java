package io.trailguard.remediation;

import java.util.List;
import java.util.Map;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.trailguard.policy.ActionSpec;
import io.trailguard.predicates.AwsIdentifiers;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * Removes the public ("all") and the given accounts' create-volume permissions of an EBS snapshot; other shares stay.
 * EC2's query API as signed calls ({@link SignedQueryCall#ec2}).
 */
@ApplicationScoped
public class RemoveSnapshotShare implements ActionExecutor {

    public static final String NAME = "ec2.remove-snapshot-share";

    private final SignedQueryCall ec2;

    @Inject
    public RemoveSnapshotShare(AwsClientConfig config, AccountCredentials credentials) {
        this(config, (AwsCredentialsProvider) credentials);
    }

    RemoveSnapshotShare(AwsClientConfig config, AwsCredentialsProvider credentials) {
        this.ec2 = SignedQueryCall.ec2(config, credentials);
    }

    public static ActionSpec spec(String snapshotId, boolean everyone, List<String> accounts) {
        return ActionSpec.of(NAME, "snapshot-id", snapshotId, "shares", Shares.of(everyone, accounts));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Permission> permissions() {
        String snapshot = "arn:aws:ec2:*::snapshot/${snapshot-id}";
        return List.of(new Permission("ec2:DescribeSnapshotAttribute", snapshot), new Permission("ec2:ModifySnapshotAttribute", snapshot));
    }

    @Override
    public String refusal(ActionSpec spec) {
        return ParamCheck.first(ParamCheck.string(spec, "snapshot-id", id -> AwsIdentifiers.isEc2Id(id, "snap"), "an EBS snapshot id"),
                Shares.refusal(spec));
    }

    @Override
    public String target(ActionSpec spec) {
        return spec.string("snapshot-id") + " shared with " + Shares.describe(spec);
    }

    @Override
    public boolean needed(ActionSpec spec) {
        String answer = ec2.call("DescribeSnapshotAttribute", SignedQueryCall.parameters("SnapshotId", spec.string("snapshot-id"),
                "Attribute", "createVolumePermission"));
        return Shares.anyRemoved(SignedQueryCall.items(answer, "createVolumePermission"), spec);
    }

    @Override
    public void apply(ActionSpec spec) {
        // the attribute/operation form: moto ignores the CreateVolumePermission.Remove form
        Map<String, String> parameters = SignedQueryCall.parameters("SnapshotId", spec.string("snapshot-id"),
                "Attribute", "createVolumePermission", "OperationType", "remove");
        if (Shares.everyone(spec)) {
            parameters.put("UserGroup.1", Shares.EVERYONE);
        }
        SignedQueryCall.putList(parameters, "UserId.", Shares.accounts(spec));
        ec2.call("ModifySnapshotAttribute", parameters);
    }

    @PreDestroy
    void close() {
        ec2.close();
    }
}
