package io.trailguard.remediation;

import java.util.ArrayList;
import java.util.List;

import io.trailguard.policy.Remediation;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.ImageAttributeName;
import software.amazon.awssdk.services.ec2.model.LaunchPermission;
import software.amazon.awssdk.services.ec2.model.PermissionGroup;

/** Removes the public ("all") and the given accounts' launch permissions of an AMI; other shares stay. */
public record RemoveImageShare(Ec2Client ec2, String imageId, boolean everyone, List<String> accounts) implements Remediation {

    public RemoveImageShare {
        accounts = List.copyOf(accounts);
    }

    @Override
    public String action() {
        return "ec2:ModifyImageAttribute";
    }

    @Override
    public String target() {
        return imageId + " shared with " + Shares.describe(everyone, accounts);
    }

    @Override
    public boolean needed() {
        List<LaunchPermission> live = ec2.describeImageAttribute(b -> b.imageId(imageId)
                .attribute(ImageAttributeName.LAUNCH_PERMISSION)).launchPermissions();
        return live.stream().anyMatch(p -> (everyone && p.group() == PermissionGroup.ALL)
                || (p.userId() != null && accounts.contains(p.userId())));
    }

    @Override
    public void apply() {
        List<LaunchPermission> remove = new ArrayList<>();
        if (everyone) {
            remove.add(LaunchPermission.builder().group(PermissionGroup.ALL).build());
        }
        accounts.forEach(a -> remove.add(LaunchPermission.builder().userId(a).build()));
        ec2.modifyImageAttribute(b -> b.imageId(imageId).launchPermission(p -> p.remove(remove)));
    }
}
