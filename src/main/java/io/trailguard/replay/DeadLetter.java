package io.trailguard.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One message of a function's dead-letter queue, read for what it holds: the event that failed and why. The
 * queue gets three kinds (see infra/): Lambda's on-failure record after the function's retries (the event is its
 * {@code requestPayload}, the function's error its {@code responsePayload}), EventBridge's undelivered event
 * (the reason in its ERROR_CODE and ERROR_MESSAGE attributes), and the SQS buffer's event that failed too often.
 * A message as ReceiveMessage answers it in SQS's JSON: MessageId, ReceiptHandle, Body, Attributes, MessageAttributes.
 *
 * @param event    the EventBridge event as the function received it (JSON); null when the message holds none
 * @param function the function that failed it, when the message says (on-failure record, EventBridge target)
 * @param reason   why it failed, or why the message cannot be redriven (then {@code event} is null)
 */
record DeadLetter(String messageId, String receiptHandle, String event, String function, String reason, String source) {

    static final String ON_FAILURE = "Lambda on-failure destination";
    static final String UNDELIVERED = "EventBridge could not deliver";
    static final String BUFFER = "SQS buffer";

    static DeadLetter of(JsonNode message, ObjectMapper mapper) {
        JsonNode body;
        try {
            body = mapper.readTree(message.path("Body").asText());
        } catch (JsonProcessingException e) {
            return unreadable(message, "the message is not JSON");
        }
        if (body == null || !body.isObject()) {
            return unreadable(message, "the message is not a JSON object");
        }
        if (body.has("requestContext") && body.has("requestPayload")) {
            JsonNode context = body.path("requestContext");
            JsonNode response = body.path("responsePayload");
            String error = response.hasNonNull("errorMessage") ? response.path("errorMessage").asText()
                    : context.path("condition").asText("no error recorded");
            String attempts = context.has("approximateInvokeCount") ? " after " + context.path("approximateInvokeCount").asInt() + " attempts" : "";
            return letter(message, body.path("requestPayload"), textOrNull(context.path("functionArn")), error,
                    ON_FAILURE + attempts, mapper);
        }
        JsonNode attributes = message.path("MessageAttributes");
        if (attributes.has("ERROR_CODE")) {
            String target = attribute(attributes, "TARGET_ARN");
            String function = target != null && target.contains(":lambda:") ? target : null;
            String error = attribute(attributes, "ERROR_CODE") + ": " + String.valueOf(attribute(attributes, "ERROR_MESSAGE"));
            return letter(message, body, function, error, UNDELIVERED + (target == null ? "" : " to " + target), mapper);
        }
        String receives = message.path("Attributes").path("ApproximateReceiveCount").asText(null);
        return letter(message, body, null, "the function failed it on every receive from its buffer queue", BUFFER
                + (receives == null ? "" : ", received " + receives + " times here"), mapper);
    }

    /** Whether the message holds an event that can be sent again. */
    boolean redrivable() {
        return event != null;
    }

    private static DeadLetter letter(JsonNode message, JsonNode event, String function, String reason, String source, ObjectMapper mapper) {
        if (!event.isObject() || !event.has("detail")) {
            return unreadable(message, "no EventBridge event in the message (" + source + ")");
        }
        try {
            return new DeadLetter(messageId(message), receiptHandle(message), mapper.writeValueAsString(event), function, reason, source);
        } catch (JsonProcessingException e) {
            return unreadable(message, "the event cannot be written back as JSON");
        }
    }

    private static DeadLetter unreadable(JsonNode message, String why) {
        return new DeadLetter(messageId(message), receiptHandle(message), null, null, why, "unreadable message");
    }

    private static String messageId(JsonNode message) {
        return message.path("MessageId").asText(null);
    }

    private static String receiptHandle(JsonNode message) {
        return message.path("ReceiptHandle").asText(null);
    }

    private static String attribute(JsonNode attributes, String name) {
        return attributes.path(name).path("StringValue").asText(null);
    }

    private static String textOrNull(JsonNode node) {
        return node.isTextual() ? node.asText() : null;
    }
}
