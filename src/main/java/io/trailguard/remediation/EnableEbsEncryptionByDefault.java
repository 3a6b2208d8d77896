package io.trailguard.remediation;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.trailguard.policy.ActionSpec;
import io.trailguard.predicates.AwsIdentifiers;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * Turns EBS encryption by default back on in a region: new volumes and snapshot copies are encrypted again.
 * The setting is per region, and the client acts in the function's: a spec for another region is not carried out.
 */
@ApplicationScoped
public class EnableEbsEncryptionByDefault implements ActionExecutor {

    public static final String NAME = "ec2.enable-ebs-encryption-by-default";

    private final Ec2Client ec2;

    public EnableEbsEncryptionByDefault(Ec2Client ec2) {
        this.ec2 = ec2;
    }

    public static ActionSpec spec(String region) {
        return ActionSpec.of(NAME, "region", region);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Permission> permissions() {
        // account-level settings: no resource-level permission
        return List.of(Permission.onAny("ec2:GetEbsEncryptionByDefault"), Permission.onAny("ec2:EnableEbsEncryptionByDefault"));
    }

    @Override
    public String refusal(ActionSpec spec) {
        return ParamCheck.string(spec, "region", AwsIdentifiers::isRegion, "an AWS region name");
    }

    @Override
    public String target(ActionSpec spec) {
        return "EBS encryption by default in " + spec.string("region");
    }

    @Override
    public boolean needed(ActionSpec spec) {
        String own = ec2.serviceClientConfiguration().region().id();
        if (!own.equals(spec.string("region"))) {
            throw new IllegalStateException("EBS encryption by default of " + spec.string("region")
                    + " is set from that region; this function acts in " + own);
        }
        return !Boolean.TRUE.equals(ec2.getEbsEncryptionByDefault(b -> { }).ebsEncryptionByDefault());
    }

    @Override
    public void apply(ActionSpec spec) {
        ec2.enableEbsEncryptionByDefault(b -> { });
    }
}
