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
import io.trailguard.rules.DeclaredRules;
import software.amazon.event.ruler.Machine;

/**
 * The index that lets most events skip event-ruler never hides a match: over every sample event and variants
 * of them (other call names, arrays, dotted names), whatever event-ruler matches, the index lets through; and
 * it does set aside the reads no pattern looks at.
 */
class PatternIndexTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void letsThroughEveryEventOfTheCatalogAndTheBenchRulesThatEventRulerMatches() throws Exception {
        PatternIndex index = new PatternIndex();
        Machine machine = Machine.builder().build();
        List<Policy> policies = new ArrayList<>(SampleTable.get().policies());
        policies.addAll(DeclaredRules.fromFiles(List.of("native-tests/bench/rules-100.yaml"), SampleTable.get().executors().keySet()));
        for (Policy policy : policies) {
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
        ObjectNode deeper = event("GetObject", null, "IAMUser");
        ((ObjectNode) deeper.get("detail")).put("userIdentity.type", "Root");
        assertTrue(index.mayMatch(deeper));
        ObjectNode halfway = event("GetObject", null, "IAMUser");
        halfway.putObject("detail.userIdentity").put("type", "Root");
        assertTrue(index.mayMatch(halfway));
        // a dotted name that spells none of the paths cannot make one: looked up, not scanned for
        ObjectNode unrelated = event("GetObject", null, "IAMUser");
        unrelated.put("tls.version", "1.3");
        ((ObjectNode) unrelated.get("detail")).put("x.eventName", "StopLogging");
        assertFalse(index.mayMatch(unrelated));
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
                // the name, the caller's type, the error spelt with dots at each level, the nested field renamed away
                ObjectNode dotted = renamed.deepCopy();
                dotted.put("detail.eventName", detail.path("eventName").asText());
                all.add(dotted);
                ObjectNode typed = renamed.deepCopy();
                ((ObjectNode) typed.get("detail")).remove("userIdentity");
                ((ObjectNode) typed.get("detail")).put("userIdentity.type", detail.path("userIdentity").path("type").asText());
                all.add(typed);
                ObjectNode halfway = renamed.deepCopy();
                ((ObjectNode) halfway.get("detail")).remove("userIdentity");
                halfway.set("detail.userIdentity", detail.path("userIdentity").deepCopy());
                all.add(halfway);
                ObjectNode failed = renamed.deepCopy();
                failed.put("detail.errorCode", "AccessDenied");
                all.add(failed);
                ObjectNode unrelated = renamed.deepCopy();
                unrelated.put("detail.x", "y").put("tls.version", "1.3");
                all.add(unrelated);
            }
        }
        return all;
    }
}
