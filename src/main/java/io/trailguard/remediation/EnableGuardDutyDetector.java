package io.trailguard.remediation;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.trailguard.policy.ActionSpec;
import io.trailguard.predicates.AwsIdentifiers;
import software.amazon.awssdk.services.guardduty.GuardDutyClient;
import software.amazon.awssdk.services.guardduty.model.DetectorStatus;

/** Re-enables a GuardDuty detector that was disabled (UpdateDetector enable=false). */
@ApplicationScoped
public class EnableGuardDutyDetector implements ActionExecutor {

    public static final String NAME = "guardduty.enable-detector";

    private static final String DETECTOR_ARN = "arn:aws:guardduty:*:*:detector/${detector-id}";

    private final GuardDutyClient guardDuty;

    public EnableGuardDutyDetector(GuardDutyClient guardDuty) {
        this.guardDuty = guardDuty;
    }

    public static ActionSpec spec(String detectorId) {
        return ActionSpec.of(NAME, "detector-id", detectorId);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Permission> permissions() {
        return List.of(new Permission("guardduty:GetDetector", DETECTOR_ARN), new Permission("guardduty:UpdateDetector", DETECTOR_ARN));
    }

    @Override
    public String refusal(ActionSpec spec) {
        return ParamCheck.string(spec, "detector-id", AwsIdentifiers::isGuardDutyDetectorId, "a GuardDuty detector id");
    }

    @Override
    public String target(ActionSpec spec) {
        return "GuardDuty detector " + spec.string("detector-id");
    }

    @Override
    public boolean needed(ActionSpec spec) {
        return guardDuty.getDetector(b -> b.detectorId(spec.string("detector-id"))).status() != DetectorStatus.ENABLED;
    }

    @Override
    public void apply(ActionSpec spec) {
        guardDuty.updateDetector(b -> b.detectorId(spec.string("detector-id")).enable(true));
    }
}
