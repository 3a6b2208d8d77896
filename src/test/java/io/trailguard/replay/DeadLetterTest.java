package io.trailguard.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.trailguard.SampleEvents;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/** The three kinds of message a function's dead-letter queue gets, and the ones that hold no event. */
class DeadLetterTest {

    static final String EVENT = SampleEvents.read("cloudtrail-tampering", "stop-logging-by-name");
    final ObjectMapper mapper = new ObjectMapper();

    @Test
    void eventBridgesUndeliveredEventCarriesItsErrorInAttributes() throws Exception {
        String function = "arn:aws:lambda:us-east-1:123456789012:function:trailguard-cloudtrail";
        Message message = Message.builder().messageId("m1").receiptHandle("r1").body(EVENT).messageAttributes(Map.of(
                "ERROR_CODE", text("SDK_CLIENT_ERROR"), "ERROR_MESSAGE", text("Function not found"),
                "RULE_ARN", text("arn:aws:events:us-east-1:123456789012:rule/x"), "TARGET_ARN", text(function))).build();

        DeadLetter letter = DeadLetter.of(message, mapper);

        assertTrue(letter.redrivable());
        assertEquals(mapper.readTree(EVENT), mapper.readTree(letter.event()));
        assertEquals("SDK_CLIENT_ERROR: Function not found", letter.reason());
        assertEquals(function, letter.function());
        assertTrue(letter.source().startsWith(DeadLetter.UNDELIVERED));
    }

    @Test
    void theBuffersEventNamesNoFunction() {
        Message message = Message.builder().messageId("m2").receiptHandle("r2").body(EVENT)
                .attributes(Map.of(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "1")).build();

        DeadLetter letter = DeadLetter.of(message, mapper);

        assertTrue(letter.redrivable());
        assertNull(letter.function(), "redrive --send needs --function for it");
        assertTrue(letter.source().startsWith(DeadLetter.BUFFER), letter.source());
    }

    @Test
    void aMessageWithoutAnEventIsNotRedrivable() {
        for (String body : new String[] { "not json", "[1,2]", "{\"requestContext\":{},\"requestPayload\":\"text\"}", "{\"a\":1}" }) {
            DeadLetter letter = DeadLetter.of(Message.builder().messageId("m").receiptHandle("r").body(body).build(), mapper);
            assertFalse(letter.redrivable(), body);
            assertNull(letter.event(), body);
            assertFalse(letter.reason().isBlank(), body);
        }
    }

    static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }
}
