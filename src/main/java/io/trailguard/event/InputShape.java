package io.trailguard.event;

import com.fasterxml.jackson.databind.JsonNode;

/** What a Lambda invocation carries: one EventBridge event, an SQS batch of them, or an S3 notification of new log files. */
public enum InputShape {
    EVENTBRIDGE_EVENT,
    SQS_BATCH,
    S3_NOTIFICATION;

    public static InputShape of(JsonNode input) {
        JsonNode records = input == null ? null : input.get("Records");
        if (records != null && records.isArray() && !records.isEmpty()) {
            String source = records.get(0).path("eventSource").asText("");
            if (SqsMessage.EVENT_SOURCE.equals(source)) {
                return SQS_BATCH;
            }
            if (S3ObjectCreated.EVENT_SOURCE.equals(source)) {
                return S3_NOTIFICATION;
            }
        }
        return EVENTBRIDGE_EVENT;
    }
}
