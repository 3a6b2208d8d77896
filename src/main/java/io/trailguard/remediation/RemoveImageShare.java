package io.trailguard.remediation;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.trailguard.policy.ActionSpec;
import io.trailguard.predicates.AwsIdentifiers;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.ImageAttributeName;
import software.amazon.awssdk.services.ec2.model.LaunchPermission;
import software.amazon.awssdk.services.ec2.model.PermissionGroup;

/** Removes the public ("all") and the given accounts' launch permissions of an AMI; other shares stay. */
@ApplicationScoped
public class RemoveImageShare implements ActionExecutor {

    public static final String NAME = "ec2.remove-image-share";

    private final Ec2Client ec2;

    public RemoveImageShare(Ec2Client ec2) {
        this.ec2 = ec2;
    }

    public static ActionSpec spec(String imageId, boolean everyone, List<String> accounts) {
        return ActionSpec.of(NAME, "image-id", imageId, "shares", Shares.of(everyone, accounts));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Permission> permissions() {
        String image = "arn:aws:ec2:*::image/${image-id}";
        return List.of(new Permission("ec2:DescribeImageAttribute", image), new Permission("ec2:ModifyImageAttribute", image));
    }

    @Override
    public String refusal(ActionSpec spec) {
        return ParamCheck.first(ParamCheck.string(spec, "image-id", id -> AwsIdentifiers.isEc2Id(id, "ami"), "an AMI id"),
                Shares.refusal(spec));
    }

    @Override
    public String target(ActionSpec spec) {
        return spec.string("image-id") + " shared with " + Shares.describe(spec);
    }

    @Override
    public boolean needed(ActionSpec spec) {
        boolean everyone = Shares.everyone(spec);
        List<String> accounts = Shares.accounts(spec);
        List<LaunchPermission> live = ec2.describeImageAttribute(b -> b.imageId(spec.string("image-id"))
                .attribute(ImageAttributeName.LAUNCH_PERMISSION)).launchPermissions();
        return live.stream().anyMatch(p -> (everyone && p.group() == PermissionGroup.ALL)
                || (p.userId() != null && accounts.contains(p.userId())));
    }

    @Override
    public void apply(ActionSpec spec) {
        List<LaunchPermission> remove = new ArrayList<>();
        if (Shares.everyone(spec)) {
            remove.add(LaunchPermission.builder().group(PermissionGroup.ALL).build());
        }
        Shares.accounts(spec).forEach(a -> remove.add(LaunchPermission.builder().userId(a).build()));
        ec2.modifyImageAttribute(b -> b.imageId(spec.string("image-id")).launchPermission(p -> p.remove(remove)));
    }
}
