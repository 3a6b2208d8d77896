package io.trailguard.remediation;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.trailguard.policy.ActionSpec;
import io.trailguard.predicates.AwsIdentifiers;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.CreateVolumePermission;
import software.amazon.awssdk.services.ec2.model.ModifySnapshotAttributeRequest;
import software.amazon.awssdk.services.ec2.model.OperationType;
import software.amazon.awssdk.services.ec2.model.SnapshotAttributeName;

/** Removes the public ("all") and the given accounts' create-volume permissions of an EBS snapshot; other shares stay. */
@ApplicationScoped
public class RemoveSnapshotShare implements ActionExecutor {

    public static final String NAME = "ec2.remove-snapshot-share";

    private final Ec2Client ec2;

    public RemoveSnapshotShare(Ec2Client ec2) {
        this.ec2 = ec2;
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
        boolean everyone = Shares.everyone(spec);
        List<String> accounts = Shares.accounts(spec);
        List<CreateVolumePermission> live = ec2.describeSnapshotAttribute(b -> b.snapshotId(spec.string("snapshot-id"))
                .attribute(SnapshotAttributeName.CREATE_VOLUME_PERMISSION)).createVolumePermissions();
        return live.stream().anyMatch(p -> (everyone && Shares.EVERYONE.equals(p.groupAsString()))
                || (p.userId() != null && accounts.contains(p.userId())));
    }

    @Override
    public void apply(ActionSpec spec) {
        // the attribute/operation form: moto ignores the CreateVolumePermission.Remove form
        ModifySnapshotAttributeRequest.Builder request = ModifySnapshotAttributeRequest.builder().snapshotId(spec.string("snapshot-id"))
                .attribute(SnapshotAttributeName.CREATE_VOLUME_PERMISSION).operationType(OperationType.REMOVE);
        if (Shares.everyone(spec)) {
            request.groupNames(Shares.EVERYONE);
        }
        if (!Shares.accounts(spec).isEmpty()) {
            request.userIds(Shares.accounts(spec));
        }
        ec2.modifySnapshotAttribute(request.build());
    }
}
