package io.trailguard.remediation;

import io.trailguard.policy.Remediation;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;

/** Starts logging on a trail that was stopped. */
public record StartTrailLogging(CloudTrailClient cloudTrail, String trail) implements Remediation {

    @Override
    public String action() {
        return "cloudtrail:StartLogging";
    }

    @Override
    public String target() {
        return trail;
    }

    @Override
    public boolean needed() {
        return !Boolean.TRUE.equals(cloudTrail.getTrailStatus(b -> b.name(trail)).isLogging());
    }

    @Override
    public void apply() {
        cloudTrail.startLogging(b -> b.name(trail));
    }
}
