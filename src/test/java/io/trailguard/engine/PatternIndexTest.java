package io.trailguard.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.trailguard.SampleEvents;
import io.trailguard.SampleTable;
import io.trailguard.policy.Policy;
import software.amazon.event.ruler.Machine;

/**
 * The index that lets most events skip event-ruler never hides a match: over every sample event and variants
 * of them (other call names, arrays, dotted names), whatever event-ruler matches, the index lets through; and
 * it does set aside the reads no pattern looks at.
 */
class PatternIndexTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void letsThroughEveryEventOfTheCatalogThatEventRulerMatches() throws Exception {
        PatternIndex index = new PatternIndex();
        Machine machine = Machine.builder().build();
        for (Policy policy : SampleTable.get().policies()) {
            index.add(policy.pattern());
            machine.addRule(policy.name(), policy.pattern());
        }
        int matched = 0;
        int setAside = 0;
        for (JsonNode event : variants()) {
            boolean matches = !machine.rulesForJSONEvent(event).isEmpty();
            boolean candidate = index.mayMatch(event);
            assertTrue(candidate || !matches, "the index hides a match of " + machine.rulesForJSONEvent(event) + ": " + event);
            matched += matches ? 1 : 0;
            setAside += candidate ? 0 : 1;
        }
        assertTrue(matched > 400, "the variants should exercise the patterns: " + matched);
        assertTrue(setAside > 100, "renamed calls no pattern looks at should be set aside: " + setAside);
    }

    @Test
    void indexesByExactValuesAndTheBranchesOfAnOr() {
        PatternIndex index = new PatternIndex();
        index.add("""
                {"detail-type": ["AWS API Call via CloudTrail"], "detail": {"eventName": ["StopLogging", "DeleteTrail"]}}""");
        index.add("""
                {"$or": [{"detail": {"errorCode": ["AccessDenied"]}}, {"detail": {"userIdentity": {"type": ["Root"]}}}]}""");

        assertTrue(index.mayMatch(event("StopLogging", null, "IAMUser")));
        assertTrue(index.mayMatch(event("GetObject", "AccessDenied", "IAMUser")));
        assertTrue(index.mayMatch(event("GetObject", null, "Root")));
        assertFalse(index.mayMatch(event("GetObject", null, "IAMUser")));
        assertFalse(index.mayMatch(event("GetObject", "NoSuchKey", "AssumedRole")));
        // event-ruler matches any element of an array, and joins nested names with dots: left to it
        ObjectNode array = event("GetObject", null, "IAMUser");
        ((ObjectNode) array.get("detail")).putArray("eventName").add("StopLogging");
        assertTrue(index.mayMatch(array));
        ObjectNode dotted = event("GetObject", null, "IAMUser");
        dotted.put("detail.eventName", "StopLogging");
        assertTrue(index.mayMatch(dotted));
    }

    @Test
    void aPatternWithoutAnExactValueMakesEveryEventACandidate() {
        PatternIndex index = new PatternIndex();
        index.add("""
                {"detail": {"eventName": [{"prefix": "Delete"}]}}""");

        assertTrue(index.mayMatch(event("GetObject", null, "IAMUser")));
        assertEquals(true, index.mayMatch(mapper.createObjectNode()));
    }

    private ObjectNode event(String name, String errorCode, String callerType) {
        ObjectNode event = mapper.createObjectNode().put("detail-type", "AWS API Call via CloudTrail").put("source", "aws.s3");
        ObjectNode detail = event.putObject("detail").put("eventSource", "s3.amazonaws.com").put("eventName", name);
        if (errorCode != null) {
            detail.put("errorCode", errorCode);
        }
        detail.putObject("userIdentity").put("type", callerType);
        return event;
    }

    /** Each sample as it is, renamed to a read no policy looks at, and with its name in an array. */
    private List<JsonNode> variants() throws Exception {
        List<JsonNode> all = new ArrayList<>();
        for (Path sample : SampleEvents.all()) {
            JsonNode event = mapper.readTree(sample.toFile());
            all.add(event);
            if (event.get("detail") instanceof ObjectNode detail) {
                ObjectNode renamed = event.deepCopy();
                ((ObjectNode) renamed.get("detail")).put("eventName", "DescribeSomethingHarmless");
                all.add(renamed);
                ObjectNode listed = event.deepCopy();
                ((ObjectNode) listed.get("detail")).putArray("eventName").add(detail.path("eventName").asText());
                all.add(listed);
            }
        }
        return all;
    }
}
