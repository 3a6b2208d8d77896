package io.trailguard.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import io.trailguard.SampleEvents;
import io.trailguard.SampleTable;

/**
 * An event of plain field types is bound by hand to the model Jackson binds, equal and written the same; any other
 * is left to Jackson, which notes its oddities as before.
 */
class PlainBindingTest {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final EventReader reader = SampleTable.get().reader();

    @Test
    void theSameModelAsJacksonForEverySample() throws Exception {
        int plain = 0;
        List<Path> samples = SampleEvents.all();
        for (Path sample : samples) {
            plain += compare(Files.readAllBytes(sample), sample.toString()) ? 1 : 0;
        }
        // the samples of odd field types are the few left to Jackson
        assertTrue(plain > samples.size() * 9 / 10, plain + " of " + samples.size() + " bound by hand");
    }

    @Test
    void oddValuesLeftToJacksonOrBoundTheSame() throws Exception {
        String[] plainOnes = {
                "\"requestParameters\": {\"a\": 1.50, \"b\": 1e400, \"c\": 12345678901234567890123, \"d\": -0.0, \"e\": 0, \"f\": [null, true, {}],"
                        + " \"g\": 9007199254740993, \"h\": 1.0E-7}, \"responseElements\": null, \"additionalEventData\": [1, \"x\"]",
                "\"requestParameters\": \"text\", \"readOnly\": false, \"managementEvent\": null, \"resources\": []",
                "\"resources\": [{\"ARN\": \"arn:aws:s3:::b\", \"extra\": {\"x\": 1}}, null, {}], \"userAgent\": \"\"",
                "\"userIdentity\": {\"type\": \"IAMUser\", \"arn\": \"arn:aws:iam::111122223333:user/a\", \"sessionContext\": {}}",
                "\"userIdentity\": {\"type\": \"AssumedRole\", \"sessionContext\": {\"sessionIssuer\": null, \"attributes\": {\"mfaAuthenticated\": \"true\"}}}",
                "\"userIdentity\": null, \"unknownField\": {\"deep\": [1, 2]}, \"replay\": {\"x\": 1}" };
        for (String fields : plainOnes) {
            assertTrue(compare(event(fields, "\"resources\": [\"r\"], \"replay-name\": null"), fields), fields);
        }
        String[] oddOnes = { "\"userAgent\": {\"x\": 1}", "\"readOnly\": \"yes\"", "\"errorCode\": 5", "\"resources\": \"none\"",
                "\"resources\": [{\"type\": 7}]", "\"resources\": [\"arn\"]", "\"eventTime\": 42", "\"managementEvent\": 1",
                "\"userIdentity\": {\"accountId\": 111122223333}", "\"userIdentity\": {\"sessionContext\": {\"attributes\": []}}",
                "\"userIdentity\": {\"sessionContext\": \"none\"}", "\"userIdentity\": {\"sessionContext\": {\"sessionIssuer\": {\"arn\": true}}}",
                "\"userIdentity\": {\"sessionContext\": {\"attributes\": {\"mfaAuthenticated\": false}}}" };
        for (String fields : oddOnes) {
            assertTrue(!compare(event(fields, "\"resources\": []"), fields), fields);
        }
        assertTrue(compare(event("\"eventVersion\": \"1.09\"", "\"resources\": [\"r\", null]"), "null in resources"));
        for (String envelope : new String[] { "\"resources\": [1]", "\"resources\": \"r\"", "\"version\": 0",
                "\"replay-name\": {}", "\"region\": true" }) {
            assertTrue(!compare(event("\"eventVersion\": \"1.09\"", envelope), envelope), envelope);
        }
    }

    @Test
    void mappersThatBindOtherwiseAreLeftToJackson() {
        assertTrue(PlainBinding.sameAs(JSON));
        assertTrue(!PlainBinding.sameAs(JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build()));
        assertTrue(!PlainBinding.sameAs(JsonMapper.builder().enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY).build()));
    }

    private static byte[] event(String detailFields, String envelopeFields) {
        return ("{\"version\": \"0\", \"id\": \"e1\", \"detail-type\": \"AWS API Call via CloudTrail\", \"source\": \"aws.s3\","
                + " \"account\": \"111122223333\", \"time\": \"2026-12-01T00:00:00Z\", \"region\": \"eu-west-1\", " + envelopeFields + ","
                + " \"detail\": {\"eventSource\": \"s3.amazonaws.com\", \"eventName\": \"PutBucketPolicy\", " + detailFields + "}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Whether the event was bound by hand; either way, the model is Jackson's and so are its oddities. */
    private boolean compare(byte[] bytes, String what) throws Exception {
        JsonNode tree;
        try {
            tree = reader.read(bytes).tree();
        } catch (InvalidEventException e) {
            return false;
        }
        List<String> oddities = new ArrayList<>();
        TrailEvent byJackson = reader.typedByJackson(tree, oddities);
        TrailEvent byHand = PlainBinding.bind(tree);
        ParsedEvent parsed = reader.read(bytes);
        assertEquals(byJackson, parsed.event(), what);
        assertEquals(oddities, parsed.oddities(), what);
        if (byHand == null) {
            assertTrue(!oddities.isEmpty(), what + ": left to Jackson, which found nothing odd");
            return false;
        }
        assertEquals(List.of(), oddities, what);
        assertEquals(byJackson, byHand, what);
        assertEquals(JSON.writeValueAsString(byJackson), JSON.writeValueAsString(byHand), what);
        assertNotNull(byHand.detail(), what);
        assertNull(PlainBinding.bind(JSON.readTree("[]")), "not an object");
        return true;
    }
}
