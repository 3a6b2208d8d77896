package io.trailguard.remediation;

import io.trailguard.policy.Remediation;
import software.amazon.awssdk.services.guardduty.GuardDutyClient;
import software.amazon.awssdk.services.guardduty.model.DetectorStatus;

/** Re-enables a GuardDuty detector that was disabled (UpdateDetector enable=false). */
public record EnableGuardDutyDetector(GuardDutyClient guardDuty, String detectorId) implements Remediation {

    @Override
    public String action() {
        return "guardduty:UpdateDetector";
    }

    @Override
    public String target() {
        return "GuardDuty detector " + detectorId;
    }

    @Override
    public boolean needed() {
        return guardDuty.getDetector(b -> b.detectorId(detectorId)).status() != DetectorStatus.ENABLED;
    }

    @Override
    public void apply() {
        guardDuty.updateDetector(b -> b.detectorId(detectorId).enable(true));
    }
}
