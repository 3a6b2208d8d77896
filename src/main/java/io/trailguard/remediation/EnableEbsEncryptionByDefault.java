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
 * Turns EBS encryption by default back on in a region: new volumes and snapshot copies are encrypted again.
 * The setting is per region, and the calls act in the function's: a spec for another region is not carried out. EC2's
 * query API as signed calls ({@link SignedQueryCall#ec2}).
 */
@ApplicationScoped
public class EnableEbsEncryptionByDefault implements ActionExecutor {

    public static final String NAME = "ec2.enable-ebs-encryption-by-default";

    private final SignedQueryCall ec2;

    @Inject
    public EnableEbsEncryptionByDefault(AwsClientConfig config, AccountCredentials credentials) {
        this(config, (AwsCredentialsProvider) credentials);
    }

    EnableEbsEncryptionByDefault(AwsClientConfig config, AwsCredentialsProvider credentials) {
        this.ec2 = SignedQueryCall.ec2(config, credentials);
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
        String own = ec2.region();
        if (!own.equals(spec.string("region"))) {
            throw new IllegalStateException("EBS encryption by default of " + spec.string("region")
                    + " is set from that region; this function acts in " + own);
        }
        return !"true".equals(SignedQueryCall.text(ec2.call("GetEbsEncryptionByDefault", Map.of()), "ebsEncryptionByDefault"));
    }

    @Override
    public void apply(ActionSpec spec) {
        ec2.call("EnableEbsEncryptionByDefault", Map.of());
    }

    @PreDestroy
    void close() {
        ec2.close();
    }
}
