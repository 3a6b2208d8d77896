package io.trailguard.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.junit.QuarkusTest;
import io.trailguard.SampleEvents;
import io.trailguard.engine.CounterStore;
import io.trailguard.engine.InMemoryCounterStore;
import io.trailguard.engine.PolicyRegistry;
import io.trailguard.event.CloudTrailDetail;
import io.trailguard.event.EventReader;
import io.trailguard.event.InvalidEventException;
import io.trailguard.event.ParsedEvent;
import io.trailguard.policy.ActionSpec;
import io.trailguard.policy.Mode;
import io.trailguard.policy.Verdict;

/**
 * Lenient reading, over every sample: each top-level field of the CloudTrail record that a decision can do
 * without, given an object, an array or a number instead, leaves the event decided exactly as before, with
 * the oddity named; the essential fields given a wrong type reject it with a reason naming field and type.
 */
@QuarkusTest
class OddFieldTypesTest {

    /** Who called what: without them there is nothing to decide on. */
    static final Set<String> ESSENTIAL = Set.of("eventSource", "eventName", "userIdentity");
    /** The record's fields the model reads, and the JSON type each must have; the others are not read at all. */
    static final Map<String, String> MODEL = model();
    /** kms-key-at-risk names the key by the ARN in resources, else by the key id in the request: the same finding, named otherwise. */
    static final Set<String> NAMES_THE_RESOURCE = Set.of("resources");
    /** The one field a pattern matches on that a decision otherwise does without: a denial is told by its errorCode. */
    static final String MATCHED_BY_ERROR_CODE = "errorCode";
    static final Map<String, JsonNode> WRONG = Map.of(
            "an object", JsonNodeFactory.instance.objectNode().put("unexpected", "value"),
            "an array", JsonNodeFactory.instance.arrayNode().add("unexpected").add(7),
            "a number", JsonNodeFactory.instance.numberNode(42));

    @Inject
    EventReader reader;
    @Inject
    PolicyRegistry registry;
    @Inject
    ObjectMapper mapper;
    @Inject
    CounterStore counts;

    @AfterEach
    void forgetCountedFailures() {
        forgetCounts();
    }

    /** Threshold counts (sign-in-failures) forgotten, as after a cold start: this profile counts in memory. */
    private void forgetCounts() {
        ((InMemoryCounterStore) counts).clear();
    }

    @Test
    void aWrongTypeInAFieldNoDecisionNeedsLeavesEveryDecisionAsItWas() throws Exception {
        List<String> problems = new ArrayList<>();
        int variants = 0;
        for (Path sample : SampleEvents.all()) {
            JsonNode original = mapper.readTree(Files.readAllBytes(sample));
            String name = SampleEvents.ROOT.relativize(sample).toString();
            ParsedEvent asIs = reader.read(original);
            List<String> expected = decisions(asIs);
            for (Iterator<String> fields = original.get("detail").fieldNames(); fields.hasNext();) {
                String field = fields.next();
                if (ESSENTIAL.contains(field)) {
                    continue;
                }
                for (Map.Entry<String, JsonNode> wrong : WRONG.entrySet()) {
                    if (typeOf(original.get("detail").get(field)).equals(wrong.getKey())) {
                        continue;
                    }
                    variants++;
                    JsonNode mutated = original.deepCopy();
                    ((ObjectNode) mutated.get("detail")).set(field, wrong.getValue().deepCopy());
                    String what = name + " with detail." + field + " " + wrong.getKey();
                    ParsedEvent parsed;
                    try {
                        parsed = reader.read(mutated);
                    } catch (InvalidEventException e) {
                        problems.add(what + ": rejected (" + e.getMessage() + ")");
                        continue;
                    }
                    if ("any JSON".equals(MODEL.get(field))) {
                        // per-API JSON read by the decisions themselves: another shape may change the decision, never rejects
                        continue;
                    }
                    // the sample's own oddities (one has some on purpose) stay, but for this field's
                    Set<String> oddities = new java.util.HashSet<>(asIs.oddities());
                    oddities.removeIf(o -> inField(o, field));
                    if (MODEL.containsKey(field)) {
                        // an array given for an array names its first wrong element instead: detail.resources[0]
                        oddities.add(parsed.oddities().stream().filter(o -> inField(o, field) && o.startsWith("detail." + field + "["))
                                .findFirst().orElse("detail." + field + ": expected " + MODEL.get(field) + ", got " + wrong.getKey()));
                    }
                    if (!Set.copyOf(parsed.oddities()).equals(oddities)) {
                        problems.add(what + ": oddities " + parsed.oddities() + ", expected " + oddities);
                    }
                    forgetCounts();
                    List<String> actual = decisions(parsed);
                    List<String> wanted = expected;
                    if (MATCHED_BY_ERROR_CODE.equals(field)) {
                        // access-denied-burst's pattern matches the errorCode text: a number or an object there is no denial
                        wanted = expected.stream().filter(d -> !d.startsWith("access-denied-burst ")).toList();
                    }
                    if (NAMES_THE_RESOURCE.contains(field) ? !unnamed(actual).equals(unnamed(wanted)) : !actual.equals(wanted)) {
                        problems.add(what + ": decided " + actual + " instead of " + wanted);
                    }
                }
            }
        }
        if (!problems.isEmpty()) {
            fail(problems.size() + " of " + variants + " variants changed:\n" + String.join("\n", problems.subList(0, Math.min(30, problems.size()))));
        }
        assertTrue(variants > 1000, "every sample's fields were tried: " + variants);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            eventName         | an object | detail.eventName: expected a non-empty string, got an object
            eventName         | an array  | detail.eventName: expected a non-empty string, got an array
            eventSource       | a number  | detail.eventSource: expected a non-empty string, got a number
            userIdentity      | an array  | detail.userIdentity: expected an object, got an array
            userIdentity      | a number  | detail.userIdentity: expected an object, got a number
            """)
    void aWrongTypeInAnEssentialFieldRejectsNamingFieldAndType(String field, String type, String reason) throws Exception {
        for (String sample : List.of("cloudtrail-tampering/stop-logging-by-name", "root-sign-in/root-console-login-success")) {
            ObjectNode event = (ObjectNode) mapper.readTree(Files.readAllBytes(SampleEvents.ROOT.resolve(sample + ".json")));
            ((ObjectNode) event.get("detail")).set(field, WRONG.get(type).deepCopy());
            InvalidEventException rejected = assertThrows(InvalidEventException.class, () -> reader.read(event), sample);
            assertEquals(reason, rejected.getMessage());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            detail.userIdentity.arn         | detail.userIdentity.arn: expected a string, got an object
            detail.userIdentity.type        | detail.userIdentity.type: expected a string, got an object
            account                         | account: expected a string, got an object
            replay-name                     | replay-name: expected a string, got an object
            """)
    void aWrongTypeInTheCallerOrTheEnvelopeRejects(String path, String reason) throws Exception {
        ObjectNode event = (ObjectNode) mapper.readTree(SampleEvents.read("cloudtrail-tampering", "stop-logging-by-name"));
        String[] parts = path.split("\\.");
        ObjectNode parent = event;
        for (int i = 0; i < parts.length - 1; i++) {
            parent = (ObjectNode) parent.get(parts[i]);
        }
        parent.set(parts[parts.length - 1], WRONG.get("an object").deepCopy());
        InvalidEventException rejected = assertThrows(InvalidEventException.class, () -> reader.read(event));
        assertEquals(reason, rejected.getMessage());
    }

    @Test
    void aNumberWhereTheCallerOrEnvelopeHasAStringIsReadAsItsTextAndNoted() throws Exception {
        ObjectNode event = (ObjectNode) mapper.readTree(SampleEvents.read("cloudtrail-tampering", "stop-logging-by-name"));
        event.put("account", 123456789012L);
        ((ObjectNode) event.get("detail").get("userIdentity")).put("accountId", 123456789012L);
        event.put("version", true);

        ParsedEvent parsed = reader.read(event);

        assertEquals(Set.of("account: expected a string, got a number", "detail.userIdentity.accountId: expected a string, got a number",
                "version: expected a string, got a boolean"), Set.copyOf(parsed.oddities()));
        assertEquals("123456789012", parsed.event().account());
        assertEquals("123456789012", parsed.event().caller().accountId());
        assertEquals(decisions(reader.read(mapper.readTree(SampleEvents.read("cloudtrail-tampering", "stop-logging-by-name")))),
                decisions(parsed));
    }

    @Test
    void anUnreadableErrorCodeStillMarksTheCallFailed() throws Exception {
        ObjectNode event = (ObjectNode) mapper.readTree(SampleEvents.read("cloudtrail-tampering", "stop-logging-by-name"));
        ((ObjectNode) event.get("detail")).set("errorCode", WRONG.get("an object").deepCopy());

        ParsedEvent parsed = reader.read(event);

        assertEquals(List.of("detail.errorCode: expected a string, got an object"), parsed.oddities());
        assertTrue(parsed.event().detail().failed(), "a call whose errorCode is there but unreadable is not taken as successful");
        List<Verdict> verdicts = registry.evaluate(parsed, PolicyRegistry.ALL);
        // skipped, or alerted as an attempt (issue 12): never enforced
        assertTrue(!verdicts.isEmpty() && verdicts.stream().allMatch(v -> v.skipped() != null && v.skipped().startsWith("failed call")
                || v.attempt() && v.mode() != Mode.ENFORCE), "nothing is remediated on it: " + verdicts);
    }

    /** Each matching policy's verdict, as far as the event decides it: the skip, or finding, severity, resource and actions. */
    private List<String> decisions(ParsedEvent parsed) {
        return registry.evaluate(parsed, PolicyRegistry.ALL).stream().map(v -> v.policy().name() + " " + (v.skipped() != null
                ? "skipped " + v.skipped().replaceAll(" \\(.*", "")
                : v.decision().matched() + " " + v.decision().severity() + " " + v.decision().resource() + " "
                        + v.decision().actions().stream().map(ActionSpec::name).toList()))
                .toList();
    }

    private static boolean inField(String oddity, String field) {
        return oddity.startsWith("detail." + field + ":") || oddity.startsWith("detail." + field + "[");
    }

    /** The decisions without the resource names (AWS::KMS::Key arn:… and AWS::KMS::Key 1234… alike). */
    private static List<String> unnamed(List<String> decisions) {
        return decisions.stream().map(d -> d.replaceAll(" (AWS::\\S+) \\S+ ", " $1 ")).toList();
    }

    private static String typeOf(JsonNode node) {
        if (node == null || node.isNull()) {
            return "null";
        }
        return node.isObject() ? "an object" : node.isArray() ? "an array" : node.isNumber() ? "a number" : "other";
    }

    private static Map<String, String> model() {
        Map<String, String> model = new java.util.HashMap<>();
        for (RecordComponent component : CloudTrailDetail.class.getRecordComponents()) {
            Class<?> type = component.getType();
            model.put(component.getName(), type == String.class ? "a string" : type == Boolean.class ? "a boolean"
                    : List.class.isAssignableFrom(type) ? "an array" : JsonNode.class.isAssignableFrom(type) ? "any JSON" : "an object");
        }
        return Map.copyOf(model);
    }
}
