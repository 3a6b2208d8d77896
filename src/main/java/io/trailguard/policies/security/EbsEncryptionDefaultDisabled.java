package io.trailguard.policies.security;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.trailguard.event.CloudTrailDetail;
import io.trailguard.event.TrailEvent;
import io.trailguard.policy.Decision;
import io.trailguard.policy.FailedCalls;
import io.trailguard.policy.HandlerNames;
import io.trailguard.policy.Mode;
import io.trailguard.policy.Policy;
import io.trailguard.policy.ResourceRef;
import io.trailguard.policy.Severity;
import io.trailguard.remediation.EnableEbsEncryptionByDefault;

/**
 * EBS encryption by default turned off in a region: volumes and snapshots created from then on are unencrypted,
 * so they can be shared with any account or made public. Enforce turns it back on (existing volumes are untouched
 * either way).
 */
@ApplicationScoped
public class EbsEncryptionDefaultDisabled implements Policy {

    @Override
    public String name() {
        return "ebs-encryption-default-disabled";
    }

    @Override
    public String handler() {
        return HandlerNames.SECURITY;
    }

    @Override
    public String description() {
        return "EBS encryption by default disabled in a region";
    }

    @Override
    public String pattern() {
        return """
                {"source": ["aws.ec2"],
                 "detail-type": ["AWS API Call via CloudTrail"],
                 "detail": {"eventSource": ["ec2.amazonaws.com"],
                            "eventName": ["DisableEbsEncryptionByDefault"]}}
                """;
    }

    @Override
    public List<String> actions() {
        return List.of(EnableEbsEncryptionByDefault.NAME);
    }

    @Override
    public List<String> resourceTypes() {
        return List.of(ResourceRef.EC2_EBS_ENCRYPTION_BY_DEFAULT);
    }

    @Override
    public Mode defaultMode() {
        return Mode.ENFORCE;
    }

    @Override
    public FailedCalls failedCalls() {
        return FailedCalls.ALERT;
    }

    @Override
    public List<String> attackTechniques() {
        return List.of("T1562");
    }

    @Override
    public Decision decide(TrailEvent event) {
        CloudTrailDetail detail = event.detail();
        String region = detail.awsRegion() != null ? detail.awsRegion() : event.region();
        String account = event.account();
        return Decision.remediate(Severity.HIGH, new ResourceRef(ResourceRef.EC2_EBS_ENCRYPTION_BY_DEFAULT, account + "/" + region),
                "EBS encryption by default disabled in " + region,
                List.of("new EBS volumes and snapshot copies in " + region + " of account " + account + " are no longer encrypted"),
                List.of(EnableEbsEncryptionByDefault.spec(region)));
    }
}
