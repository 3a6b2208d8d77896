package io.trailguard.remediation;

import java.util.List;
import java.util.Map;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.trailguard.policy.ActionSpec;
import io.trailguard.predicates.AwsIdentifiers;
import software.amazon.awssdk.http.SdkHttpMethod;

/**
 * Re-enables a GuardDuty detector that was disabled (UpdateDetector enable=false). GuardDuty's REST JSON API as signed
 * calls ({@link SignedJsonCall}), without the SDK's client.
 */
@ApplicationScoped
public class EnableGuardDutyDetector implements ActionExecutor {

    public static final String NAME = "guardduty.enable-detector";

    private static final String DETECTOR_ARN = "arn:aws:guardduty:*:*:detector/${detector-id}";

    private final SignedJsonCall guardDuty;

    public EnableGuardDutyDetector(AwsClientConfig config, AccountCredentials credentials) {
        this.guardDuty = SignedJsonCall.of("guardduty", config, credentials);
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
        return !call(SdkHttpMethod.GET, "GetDetector", spec.string("detector-id"), null).path("status").asText().equals("ENABLED");
    }

    @Override
    public void apply(ActionSpec spec) {
        call(SdkHttpMethod.POST, "UpdateDetector", spec.string("detector-id"), JsonNodeFactory.instance.objectNode().put("enable", true));
    }

    /** One call on the detector; its id is checked by {@link #refusal}, safe in a path. */
    private JsonNode call(SdkHttpMethod method, String operation, String detectorId, JsonNode body) {
        // the call log names the detector as an SDK call's is named (IamCalls), from its path parameter
        JsonNode parameters = JsonNodeFactory.instance.objectNode().put("DetectorId", detectorId);
        return guardDuty.rest(method, operation, "/detector/" + detectorId, Map.of(), body,
                (region, account) -> IamCalls.resources("guardduty:" + operation, parameters, region, account));
    }

    @PreDestroy
    void close() {
        guardDuty.close();
    }
}
