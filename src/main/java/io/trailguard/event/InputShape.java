package io.trailguard.event;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a Lambda invocation carries: one EventBridge event, an SQS batch of them, an S3 notification of new log files,
 * or an S3 Batch Operations job's tasks (log files to replay).
 */
public enum InputShape {
    EVENTBRIDGE_EVENT,
    SQS_BATCH,
    S3_NOTIFICATION,
    S3_BATCH_OPERATIONS;

    public static InputShape of(JsonNode input) {
        if (input != null && BatchOperationsInvocation.isOne(input)) {
            return S3_BATCH_OPERATIONS;
        }
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
