package io.trailguard.event;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Puts a record of a CloudTrail log file in the envelope EventBridge gives the same call, so that a call read
 * from a log file is matched and decided exactly like one delivered by EventBridge.
 */
final class EventBridgeEnvelope {

    /** CloudTrail's eventType → EventBridge's detail-type, for the types trailguard decides on. */
    static final Map<String, String> DETAIL_TYPES = Map.of(
            "AwsApiCall", TrailEvent.API_CALL,
            "AwsConsoleSignIn", TrailEvent.CONSOLE_SIGN_IN);

    private static final String AMAZONAWS = ".amazonaws.com";

    private EventBridgeEnvelope() {
    }

    /**
     * Whether the record's eventType is one trailguard decides on (records before eventType existed are API calls;
     * an eventType of the wrong type is read as absent, and noted as an oddity when the record is read).
     */
    static boolean decided(JsonNode record) {
        JsonNode type = record.get("eventType");
        return type == null || !type.isTextual() || DETAIL_TYPES.containsKey(type.asText());
    }

    static ObjectNode wrap(JsonNode record) throws InvalidEventException {
        String eventSource = text(record, "eventSource");
        if (eventSource == null || eventSource.isBlank()) {
            throw new InvalidEventException(FieldTypes.wrong("detail.eventSource", "a non-empty string", record.get("eventSource")));
        }
        String service = eventSource.endsWith(AMAZONAWS) ? eventSource.substring(0, eventSource.length() - AMAZONAWS.length()) : eventSource;
        JsonNode type = record.get("eventType");
        String eventType = type != null && type.isTextual() ? type.asText() : null;
        String detailType = eventType != null ? DETAIL_TYPES.get(eventType)
                : "signin".equals(service) ? TrailEvent.CONSOLE_SIGN_IN : TrailEvent.API_CALL;
        if (detailType == null) {
            throw new InvalidEventException("unsupported eventType '" + eventType + "'");
        }
        String account = text(record, "recipientAccountId");
        if (account == null) {
            account = text(record.path("userIdentity"), "accountId");
        }
        ObjectNode envelope = JsonNodeFactory.instance.objectNode();
        envelope.put("version", "0");
        envelope.put("id", text(record, "eventID"));
        envelope.put("detail-type", detailType);
        envelope.put("source", "aws." + service);
        envelope.put("account", account);
        envelope.put("time", text(record, "eventTime"));
        envelope.put("region", text(record, "awsRegion"));
        envelope.putArray("resources");
        envelope.set("detail", record);
        return envelope;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isValueNode() && !value.isNull() ? value.asText() : null;
    }
}
