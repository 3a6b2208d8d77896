package io.trailguard.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import io.trailguard.SampleEvents;
import io.trailguard.SampleTable;
import io.trailguard.event.ParsedEvent;
import io.trailguard.event.TrailEvent;

/** The tree rules read is the one Jackson's valueToTree made of the model: the same nodes, in the same order, for every event. */
class ModelTreeTest {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    @Test
    void sameTreeAsJacksonForEverySample() throws Exception {
        List<byte[]> events = new ArrayList<>();
        for (Path sample : SampleEvents.all()) {
            events.add(Files.readAllBytes(sample));
        }
        int compared = 0;
        for (byte[] event : events) {
            compared += compare(event) ? 1 : 0;
        }
        assertEquals(events.size(), compared, "every sample is an event");
    }

    @Test
    void sameTreeForOddValues() throws Exception {
        String[] odd = {
                // numbers of every kind in the free-form parts, nulls, empty and nested arrays
                "\"requestParameters\": {\"a\": 1.50, \"b\": 1e400, \"c\": 12345678901234567890123, \"d\": -0.0, \"e\": 0, \"f\": [null, true, {}],"
                        + " \"g\": 9007199254740993, \"h\": 1.0E-7}, \"responseElements\": null",
                "\"requestParameters\": [1, \"x\"], \"additionalEventData\": \"text\", \"readOnly\": false, \"managementEvent\": null",
                // wrong types the model leaves out or reads as text (oddities)
                "\"userAgent\": {\"x\": 1}, \"readOnly\": \"yes\", \"errorCode\": 5, \"resources\": [{\"ARN\": \"arn:aws:s3:::b\"}, null, {\"type\": 7}]",
                "\"resources\": \"none\", \"eventTime\": 42, \"recipientAccountId\": true",
                // an identity without a session, with an empty one, with a partial one
                "\"userIdentity\": {\"type\": \"IAMUser\", \"arn\": \"arn:aws:iam::111122223333:user/a\", \"sessionContext\": {}}",
                "\"userIdentity\": {\"type\": \"AssumedRole\", \"accountId\": 111122223333, \"sessionContext\": {\"sessionIssuer\": null,"
                        + " \"attributes\": {\"mfaAuthenticated\": \"true\"}}}",
                "\"userIdentity\": null", "\"unknownField\": {\"deep\": [1, 2]}" };
        for (String fields : odd) {
            String event = "{\"version\": \"0\", \"id\": \"e1\", \"detail-type\": \"AWS API Call via CloudTrail\", \"source\": \"aws.s3\","
                    + " \"account\": \"111122223333\", \"time\": \"2026-12-01T00:00:00Z\", \"region\": \"eu-west-1\", \"resources\": [\"r\", null],"
                    + " \"replay-name\": null, \"detail\": {\"eventSource\": \"s3.amazonaws.com\", \"eventName\": \"PutBucketPolicy\", "
                    + fields + "}}";
            assertEquals(true, compare(event.getBytes(StandardCharsets.UTF_8)), event);
        }
        String bare = "{\"detail-type\": \"AWS API Call via CloudTrail\", \"source\": \"aws.s3\", \"detail\": {\"eventSource\": \"s3.amazonaws.com\","
                + " \"eventName\": \"PutBucketPolicy\", \"userIdentity\": {\"sessionContext\": {\"attributes\": null}}}}";
        assertEquals(true, compare(bare.getBytes(StandardCharsets.UTF_8)), bare);
    }

    /** Whether the event was read (so compared); a difference fails the test. */
    private static boolean compare(byte[] bytes) throws Exception {
        ParsedEvent parsed;
        try {
            parsed = SampleTable.get().reader().read(bytes);
        } catch (io.trailguard.event.InvalidEventException e) {
            return false;
        }
        TrailEvent event = parsed.event();
        JsonNode byJackson = JSON.valueToTree(event);
        JsonNode built = ModelTree.of(event);
        String what = new String(bytes, StandardCharsets.UTF_8);
        assertEquals(byJackson, built, what);
        // the text too: a template renders an object placeholder as its JSON, in field order, numbers as written
        assertEquals(byJackson.toString(), built.toString(), what);
        assertEquals(JSON.writeValueAsString(byJackson), JSON.writeValueAsString(built), what);
        assertFalse(built.isEmpty(), what);
        assertNodeTypes(byJackson, built, what);
        return true;
    }

    /** Equal trees can still differ in node classes (an int and a long of the same value); each node's class must match. */
    private static void assertNodeTypes(JsonNode expected, JsonNode actual, String what) {
        assertEquals(expected.getClass(), actual.getClass(), what);
        if (expected.isContainerNode()) {
            var names = expected.isObject() ? expected.fieldNames() : null;
            if (names != null) {
                names.forEachRemaining(name -> assertNodeTypes(expected.get(name), actual.get(name), what + " @" + name));
            } else {
                for (int i = 0; i < expected.size(); i++) {
                    assertNodeTypes(expected.get(i), actual.get(i), what + " @" + i);
                }
            }
        }
    }
}
