package io.trailguard.remediation;

import java.util.List;

import io.trailguard.policy.Remediation;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.CreateVolumePermission;
import software.amazon.awssdk.services.ec2.model.ModifySnapshotAttributeRequest;
import software.amazon.awssdk.services.ec2.model.OperationType;
import software.amazon.awssdk.services.ec2.model.SnapshotAttributeName;

/** Removes the public ("all") and the given accounts' create-volume permissions of an EBS snapshot; other shares stay. */
public record RemoveSnapshotShare(Ec2Client ec2, String snapshotId, boolean everyone, List<String> accounts) implements Remediation {

    public RemoveSnapshotShare {
        accounts = List.copyOf(accounts);
    }

    @Override
    public String action() {
        return "ec2:ModifySnapshotAttribute";
    }

    @Override
    public String target() {
        return snapshotId + " shared with " + Shares.describe(everyone, accounts);
    }

    @Override
    public boolean needed() {
        List<CreateVolumePermission> live = ec2.describeSnapshotAttribute(b -> b.snapshotId(snapshotId)
                .attribute(SnapshotAttributeName.CREATE_VOLUME_PERMISSION)).createVolumePermissions();
        return live.stream().anyMatch(p -> (everyone && "all".equals(p.groupAsString()))
                || (p.userId() != null && accounts.contains(p.userId())));
    }

    @Override
    public void apply() {
        // the attribute/operation form: moto ignores the CreateVolumePermission.Remove form
        ModifySnapshotAttributeRequest.Builder request = ModifySnapshotAttributeRequest.builder().snapshotId(snapshotId)
                .attribute(SnapshotAttributeName.CREATE_VOLUME_PERMISSION).operationType(OperationType.REMOVE);
        if (everyone) {
            request.groupNames("all");
        }
        if (!accounts.isEmpty()) {
            request.userIds(accounts);
        }
        ec2.modifySnapshotAttribute(request.build());
    }
}
