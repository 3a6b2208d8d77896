package io.trailguard.event;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/** One message of an SQS batch as Lambda delivers it; {@code body} is null when the record has no text body. */
public record SqsMessage(String messageId, String body) {

    static final String EVENT_SOURCE = "aws:sqs";

    /** The messages of {@code {"Records":[{"messageId":…,"body":…,"eventSource":"aws:sqs"},…]}}, in order. */
    public static List<SqsMessage> of(JsonNode batch) {
        List<SqsMessage> messages = new ArrayList<>();
        for (JsonNode record : batch.path("Records")) {
            JsonNode body = record.get("body");
            messages.add(new SqsMessage(record.path("messageId").asText(null), body != null && body.isTextual() ? body.asText() : null));
        }
        return messages;
    }
}
