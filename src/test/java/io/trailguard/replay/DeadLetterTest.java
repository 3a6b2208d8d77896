package io.trailguard.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.trailguard.SampleEvents;

/**
 * The three kinds of message a function's dead-letter queue gets, and the ones that hold no event; each message as
 * ReceiveMessage answers it in SQS's JSON.
 */
class DeadLetterTest {

    static final String EVENT = SampleEvents.read("cloudtrail-tampering", "stop-logging-by-name");
    final ObjectMapper mapper = new ObjectMapper();

    @Test
    void eventBridgesUndeliveredEventCarriesItsErrorInAttributes() throws Exception {
        String function = "arn:aws:lambda:us-east-1:123456789012:function:trailguard-cloudtrail";
        ObjectNode message = message("m1", "r1", EVENT);
        ObjectNode attributes = message.putObject("MessageAttributes");
        text(attributes, "ERROR_CODE", "SDK_CLIENT_ERROR");
        text(attributes, "ERROR_MESSAGE", "Function not found");
        text(attributes, "RULE_ARN", "arn:aws:events:us-east-1:123456789012:rule/x");
        text(attributes, "TARGET_ARN", function);

        DeadLetter letter = DeadLetter.of(message, mapper);

        assertTrue(letter.redrivable());
        assertEquals(mapper.readTree(EVENT), mapper.readTree(letter.event()));
        assertEquals("SDK_CLIENT_ERROR: Function not found", letter.reason());
        assertEquals(function, letter.function());
        assertEquals("m1", letter.messageId());
        assertEquals("r1", letter.receiptHandle());
        assertTrue(letter.source().startsWith(DeadLetter.UNDELIVERED));
    }

    @Test
    void theBuffersEventNamesNoFunction() {
        ObjectNode message = message("m2", "r2", EVENT);
        message.putObject("Attributes").put("ApproximateReceiveCount", "1");

        DeadLetter letter = DeadLetter.of(message, mapper);

        assertTrue(letter.redrivable());
        assertNull(letter.function(), "redrive --send needs --function for it");
        assertTrue(letter.source().startsWith(DeadLetter.BUFFER), letter.source());
        assertTrue(letter.source().endsWith("received 1 times here"), letter.source());
    }

    @Test
    void aMessageWithoutAnEventIsNotRedrivable() {
        for (String body : new String[] { "not json", "[1,2]", "{\"requestContext\":{},\"requestPayload\":\"text\"}", "{\"a\":1}" }) {
            DeadLetter letter = DeadLetter.of(message("m", "r", body), mapper);
            assertFalse(letter.redrivable(), body);
            assertNull(letter.event(), body);
            assertFalse(letter.reason().isBlank(), body);
            assertEquals("r", letter.receiptHandle(), "released all the same: " + body);
        }
    }

    private ObjectNode message(String id, String receiptHandle, String body) {
        return mapper.createObjectNode().put("MessageId", id).put("ReceiptHandle", receiptHandle).put("Body", body);
    }

    private static void text(ObjectNode attributes, String name, String value) {
        attributes.putObject(name).put("StringValue", value).put("DataType", "String");
    }
}
