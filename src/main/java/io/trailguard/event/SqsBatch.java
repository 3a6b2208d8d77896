package io.trailguard.event;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * An SQS batch (infra's optional buffering: rule → queue → function) whose message bodies are EventBridge
 * events. Anything else is left to {@link EventReader} as a single event.
 */
public final class SqsBatch {

    /** One queued message: its id (what a partial batch failure names) and its body, an EventBridge event. */
    public record Message(String messageId, byte[] body) {
    }

    private SqsBatch() {
    }

    /** The batch's messages if {@code input} is an SQS batch, else empty. */
    public static Optional<List<Message>> read(ObjectMapper mapper, byte[] input) {
        // cheap test first: a single EventBridge event never starts with a Records array
        String head = new String(input, 0, Math.min(input.length, 64), StandardCharsets.UTF_8).replaceAll("\\s", "");
        if (!head.startsWith("{\"Records\":[")) {
            return Optional.empty();
        }
        JsonNode records;
        try {
            records = mapper.readTree(input).path("Records");
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
        if (!records.isArray() || records.isEmpty() || !"aws:sqs".equals(records.get(0).path("eventSource").asText())) {
            return Optional.empty();
        }
        List<Message> messages = new ArrayList<>(records.size());
        for (JsonNode record : records) {
            messages.add(new Message(record.path("messageId").asText(), record.path("body").asText("").getBytes(StandardCharsets.UTF_8)));
        }
        return Optional.of(messages);
    }
}
