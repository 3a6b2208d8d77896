package io.trailguard.policies.kms;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.trailguard.event.CloudTrailDetail;
import io.trailguard.event.TrailEvent;
import io.trailguard.policy.Decision;
import io.trailguard.policy.FailedCalls;
import io.trailguard.policy.HandlerNames;
import io.trailguard.policy.Mode;
import io.trailguard.policy.Policy;
import io.trailguard.policy.ResourceRef;
import io.trailguard.policy.Severity;
import io.trailguard.remediation.CancelKeyDeletion;
import io.trailguard.remediation.EnableKey;

/**
 * A KMS key made unusable or public: ScheduleKeyDeletion is undone by CancelKeyDeletion then EnableKey
 * (a cancelled deletion leaves the key Disabled); DisableKey by EnableKey; a key policy letting principal
 * {@code *} in without a restricting condition is alerted on. Alert by default: owners disable and delete
 * keys on purpose, sometimes to contain an incident, and re-enabling such a key would undo their response.
 */
@ApplicationScoped
public class KmsKeyAtRisk implements Policy {

    private final ObjectMapper mapper;

    public KmsKeyAtRisk(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public String name() {
        return "kms-key-at-risk";
    }

    @Override
    public String handler() {
        return HandlerNames.KMS;
    }

    @Override
    public String description() {
        return "KMS key scheduled for deletion, disabled, or opened to everyone by its key policy";
    }

    @Override
    public List<String> attackTechniques() {
        // a deleted or disabled key destroys, or holds to ransom, whatever it encrypts
        return List.of("T1485", "T1486");
    }

    @Override
    public String pattern() {
        return """
                {"source": ["aws.kms"],
                 "detail-type": ["AWS API Call via CloudTrail"],
                 "detail": {"eventSource": ["kms.amazonaws.com"],
                            "eventName": ["ScheduleKeyDeletion", "DisableKey", "PutKeyPolicy"]}}
                """;
    }

    @Override
    public List<String> actions() {
        return List.of(CancelKeyDeletion.NAME, EnableKey.NAME);
    }

    @Override
    public List<String> resourceTypes() {
        return List.of(ResourceRef.KMS_KEY);
    }

    @Override
    public Mode defaultMode() {
        return Mode.ALERT;
    }

    @Override
    public FailedCalls failedCalls() {
        // a refused deletion or disabling of a key is an attempt at destroying data or holding it to ransom
        return FailedCalls.ALERT;
    }

    @Override
    public Decision decide(TrailEvent event) {
        CloudTrailDetail detail = event.detail();
        String key = keyArn(detail);
        if (key == null) {
            return Decision.noMatch("no keyId in requestParameters");
        }
        ResourceRef resource = new ResourceRef(ResourceRef.KMS_KEY, key);
        // the API takes the ARN or the bare id alike in the key's own region; moto 5.2.1 takes only the id
        String keyId = key.contains(":key/") ? key.substring(key.indexOf(":key/") + 5) : key;
        return switch (detail.eventName()) {
            case "ScheduleKeyDeletion" -> Decision.remediate(Severity.HIGH, resource, "KMS key " + key + " scheduled for deletion",
                    List.of("deletion scheduled in " + orUnknown(detail.requestParameter("pendingWindowInDays")) + " days, on "
                            + orUnknown(detail.responseElement("deletionDate"))),
                    List.of(CancelKeyDeletion.spec(keyId), EnableKey.spec(keyId)));
            case "DisableKey" -> Decision.remediate(Severity.HIGH, resource, "KMS key " + key + " disabled",
                    List.of("key disabled: whatever it encrypts cannot be decrypted"), List.of(EnableKey.spec(keyId)));
            case "PutKeyPolicy" -> publicPolicy(detail, resource);
            default -> Decision.noMatch("not a key deletion, disabling or key policy change");
        };
    }

    private Decision publicPolicy(CloudTrailDetail detail, ResourceRef resource) {
        JsonNode policy = parse(detail.requestParameters() == null ? null : detail.requestParameters().get("policy"));
        if (policy == null) {
            return Decision.noMatch("no readable policy in requestParameters");
        }
        List<JsonNode> open = PublicKeyPolicy.publicStatements(policy);
        if (open.isEmpty()) {
            return Decision.noMatch("key policy grants no public access");
        }
        // the key policy is the key's own to set: rewriting it could lock its owners out, so this is alerted on only
        return Decision.alert(Severity.CRITICAL, resource, "key policy of KMS key " + resource.id() + " lets anyone use the key",
                open.stream().map(s -> "statement " + s.path("Sid").asText("(no Sid)") + " allows " + s.path("Action")
                        + " to principal * without a restricting condition").toList());
    }

    /** The key ARN: from the event's resources, else the response, else the request's key id as given. */
    private static String keyArn(CloudTrailDetail detail) {
        if (detail.resources() != null) {
            for (CloudTrailDetail.Resource r : detail.resources()) {
                if (r.ARN() != null && r.ARN().contains(":kms:") && r.ARN().contains(":key/")) {
                    return r.ARN();
                }
            }
        }
        String response = detail.responseElement("keyId");
        if (response != null && response.startsWith("arn:")) {
            return response;
        }
        String requested = detail.requestParameter("keyId");
        return requested == null || requested.isBlank() ? null : requested;
    }

    /** CloudTrail logs the key policy as a JSON string; accept an object too. */
    private JsonNode parse(JsonNode policy) {
        if (policy == null || policy.isNull()) {
            return null;
        }
        if (!policy.isTextual()) {
            return policy;
        }
        try {
            return mapper.readTree(policy.asText());
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static String orUnknown(String value) {
        return value == null ? "?" : value;
    }
}
