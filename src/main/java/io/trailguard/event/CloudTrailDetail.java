package io.trailguard.event;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The CloudTrail record carried in an EventBridge event's {@code detail}. {@code requestParameters},
 * {@code responseElements} and {@code additionalEventData} differ per API, so they stay JSON trees.
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record CloudTrailDetail(
        String eventVersion,
        String eventTime,
        String eventSource,
        String eventName,
        String awsRegion,
        String sourceIPAddress,
        String userAgent,
        UserIdentity userIdentity,
        JsonNode requestParameters,
        JsonNode responseElements,
        JsonNode additionalEventData,
        String errorCode,
        String errorMessage,
        String requestID,
        String eventID,
        String eventType,
        Boolean readOnly,
        List<Resource> resources,
        String recipientAccountId,
        Boolean managementEvent,
        String eventCategory) {

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Resource(String ARN, String accountId, String type) {
    }

    /** A request parameter as text, or null when absent or not a scalar. */
    public String requestParameter(String name) {
        return text(requestParameters, name);
    }

    /** A response element found by a path of field names, as text, or null. */
    public String responseElement(String... path) {
        JsonNode node = responseElements;
        for (int i = 0; i < path.length - 1 && node != null; i++) {
            node = node.get(path[i]);
        }
        return text(node, path[path.length - 1]);
    }

    public boolean failed() {
        return errorCode != null && !errorCode.isBlank();
    }

    private static String text(JsonNode node, String field) {
        if (node == null || !node.isObject()) {
            return null;
        }
        JsonNode value = node.get(field);
        return value != null && value.isValueNode() && !value.isNull() ? value.asText() : null;
    }
}
