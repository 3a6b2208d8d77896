package io.trailguard.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

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
 * Taking the envelope (source, detail-type, errorCode's absence) out of the machine changes no answer: over every
 * sample event, the benign breadth samples and variants of their envelope (changed, missing, arrays, numbers,
 * objects, dotted names), the catalog and the 100 benchmark rules match the same policies as in one plain
 * event-ruler machine of the unchanged patterns; and a pattern is refused as a machine refuses it.
 */
class PatternMatcherTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void matchesWhatAPlainMachineMatchesOverEverySampleAndVariant() throws Exception {
        Map<String, String> patterns = new LinkedHashMap<>();
        for (Policy policy : SampleTable.get().policies()) {
            patterns.put(policy.name(), policy.pattern());
        }
        DeclaredRules.fromFiles(List.of("native-tests/bench/rules-100.yaml"), SampleTable.get().executors().keySet())
                .forEach(rule -> patterns.put(rule.name(), rule.pattern()));
        // $or branches alike and not alike, an envelope and nothing else, values that are no exact string
        patterns.put("or-alike", """
                {"source": ["aws.s3"], "$or": [{"detail": {"eventName": ["PutBucketPolicy"]}}, {"detail": {"userIdentity": {"type": ["Root"]}}}]}""");
        patterns.put("or-unlike", """
                {"$or": [{"source": ["aws.s3"], "detail": {"eventName": ["PutBucketAcl"]}}, {"source": ["aws.iam"], "detail": {"eventName": ["CreateUser"]}}]}""");
        patterns.put("envelope-only", """
                {"source": ["aws.s3"], "detail-type": ["AWS API Call via CloudTrail"], "detail": {"errorCode": [{"exists": false}]}}""");
        patterns.put("not-exact", """
                {"source": [{"prefix": "aws."}, "aws.ec2"], "detail-type": [{"exists": true}], "detail": {"errorCode": [{"exists": false}, "AccessDenied"], "eventName": ["RunInstances"]}}""");
        patterns.put("failed-reads", """
                {"detail-type": ["AWS API Call via CloudTrail"], "detail": {"errorCode": [{"exists": true}], "readOnly": [true]}}""");
        patterns.put("quoted", """
                {"source": ["aws.\\"odd"], "detail": {"eventName": [{"prefix": ""}]}}""");
        patterns.put("absent-deep", """
                {"$or": [{"detail": {"eventName": ["CreateUser"], "userIdentity": {"sessionContext": {"sessionIssuer": {"type": [{"exists": false}]}}}}},
                         {"detail": {"eventName": ["CreateUser"], "userIdentity": {"sessionContext": {"sessionIssuer": {"type": [{"exists": false}]}}}}}]}""");
        patterns.put("absent-unlike", """
                {"$or": [{"detail": {"eventName": ["PutBucketAcl"], "userIdentity": {"invokedBy": [{"exists": false}]}}},
                         {"detail": {"eventName": ["PutBucketAcl"], "userIdentity": {"type": [{"exists": false}]}}}]}""");
        patterns.put("numbers", """
                {"source": [5, "5"], "detail-type": [null, "null"], "detail": {"eventName": [{"prefix": ""}]}}""");

        Machine plain = Machine.builder().build();
        PatternMatcher matcher = new PatternMatcher();
        for (Map.Entry<String, String> pattern : patterns.entrySet()) {
            plain.addRule(pattern.getKey(), pattern.getValue());
            matcher.add(pattern.getKey(), pattern.getValue());
        }
        assertTrue(matcher.split() > 120, "most patterns should have their envelope taken out: " + matcher.split());
        assertTrue(matcher.ownMachines() >= 3, "the sources most patterns name should have a machine of their own: " + matcher.ownMachines());

        int events = 0;
        int matched = 0;
        for (JsonNode event : variants()) {
            List<String> expected = sorted(plain.rulesForJSONEvent(event));
            assertEquals(expected, sorted(matcher.matching(event)), event.toString());
            events++;
            matched += expected.isEmpty() ? 0 : 1;
        }
        assertTrue(events > 15_000 && matched > 5_000, "the variants should exercise the patterns: " + matched + " of " + events);
    }

    @Test
    void aPatternAddedAfterAnOddEventBuiltTheWholeMachineIsMatchedByTheNextOdd() throws Exception {
        // LazyPatterns adds patterns after matching began: the machine of unchanged patterns must take them in too
        ObjectMapper json = new ObjectMapper();
        PatternMatcher matcher = new PatternMatcher();
        matcher.add("first", "{\"source\": [\"aws.s3\"], \"detail\": {\"eventName\": [\"PutBucketAcl\"]}}");
        JsonNode odd = json.readTree("{\"source\": [\"aws.s3\", \"aws.iam\"], \"detail\": {\"eventName\": \"CreateUser\"}}");
        assertEquals(List.of(), matcher.matching(odd));
        matcher.add("later", "{\"source\": [\"aws.iam\"], \"detail\": {\"eventName\": [\"CreateUser\"]}}");
        assertEquals(List.of("later"), matcher.matching(odd));
    }

    @Test
    void refusesWhatAMachineRefusesWithItsMessage() {
        StringBuilder wide = new StringBuilder("{\"source\": [\"aws.s3\"], \"detail-type\": [\"x\"]");
        for (int i = 0; i < 255; i++) {
            wide.append(", \"f").append(i).append("\": [\"v\"]");
        }
        List<String> bad = List.of(wide + "}", "{\"source\": [\"aws.s3\"], \"detail\": {\"eventName\": [{\"prefix\": 3}]}}",
                "{\"source\": [\"aws.s3\"]", "not json", "{\"source\": []}", "{\"source\": \"aws.s3\", \"a\": [\"b\"]}");
        for (String pattern : bad) {
            assertEquals(refusal(() -> Machine.builder().build().addRule("r", pattern)), refusal(() -> new PatternMatcher().add("r", pattern)),
                    pattern);
            assertTrue(refusal(() -> new PatternMatcher().add("r", pattern)) != null, pattern);
        }
    }

    private interface Adding {
        void add() throws Exception;
    }

    private static String refusal(Adding adding) {
        try {
            adding.add();
            return null;
        } catch (Exception e) {
            return e.getClass().getName() + ": " + e.getMessage();
        }
    }

    private static List<String> sorted(List<String> names) {
        return names.stream().sorted().toList();
    }

    /** Each sample and benign breadth event as it is, and with its envelope changed every way event-ruler reads apart. */
    private List<JsonNode> variants() throws Exception {
        List<JsonNode> originals = new ArrayList<>();
        for (Path sample : SampleEvents.all()) {
            originals.add(mapper.readTree(sample.toFile()));
        }
        for (String line : Files.readAllLines(Path.of("src/samples/eventbridge/breadth-benign.jsonl"))) {
            if (!line.isBlank()) {
                originals.add(mapper.readTree(line));
            }
        }
        List<Consumer<ObjectNode>> changes = new ArrayList<>();
        for (String field : List.of("source", "detail-type")) {
            changes.add(e -> e.remove(field));
            changes.add(e -> e.put(field, "aws.other"));
            changes.add(e -> e.putArray(field).add(e.path(field).asText("x")));
            changes.add(e -> {
                String value = e.path(field).asText("x");
                e.putArray(field).add("aws.other").add(value);
            });
            changes.add(e -> {
                String value = e.path(field).asText("x");
                e.putArray(field).addArray().add(value);
            });
            changes.add(e -> e.putArray(field));
            changes.add(e -> e.put(field, 5));
            changes.add(e -> e.putNull(field));
            changes.add(e -> e.put(field, true));
            changes.add(e -> {
                String value = e.path(field).asText("x");
                e.putObject(field).put("x", value);
            });
        }
        changes.add(e -> e.put("source", "aws.\"odd"));
        changes.add(e -> e.put("source", "5").put("detail-type", "null"));
        changes.add(e -> detail(e).put("errorCode", "AccessDenied"));
        changes.add(e -> detail(e).putNull("errorCode"));
        changes.add(e -> detail(e).remove("errorCode"));
        changes.add(e -> detail(e).put("errorCode", 3));
        changes.add(e -> detail(e).putArray("errorCode").add("AccessDenied"));
        changes.add(e -> detail(e).putArray("errorCode"));
        changes.add(e -> detail(e).putArray("errorCode").addObject().put("code", "x"));
        changes.add(e -> detail(e).putObject("errorCode"));
        changes.add(e -> detail(e).putObject("errorCode").put("code", "AccessDenied"));
        changes.add(e -> e.put("detail.errorCode", "AccessDenied"));
        changes.add(e -> {
            detail(e).remove("errorCode");
            e.put("detail.errorCode", "AccessDenied");
        });
        changes.add(e -> e.putArray("detail").add(detail(e.deepCopy())));
        changes.add(e -> {
            ObjectNode failed = detail(e.deepCopy()).put("errorCode", "AccessDenied");
            e.putArray("detail").add(detail(e.deepCopy()).without("errorCode")).add(failed);
        });
        // the fields held to absence in Java: userIdentity.invokedBy (root-api-call's), sessionIssuer.type
        changes.add(e -> identity(e).put("invokedBy", "ec2.amazonaws.com"));
        changes.add(e -> identity(e).putNull("invokedBy"));
        changes.add(e -> identity(e).put("invokedBy", 3));
        changes.add(e -> identity(e).putArray("invokedBy").add("ec2.amazonaws.com"));
        changes.add(e -> identity(e).putArray("invokedBy"));
        changes.add(e -> identity(e).putObject("invokedBy").put("x", "y"));
        changes.add(e -> identity(e).putObject("invokedBy"));
        changes.add(e -> e.put("detail.userIdentity.invokedBy", "ec2.amazonaws.com"));
        changes.add(e -> e.putObject("detail.userIdentity").put("invokedBy", "ec2.amazonaws.com"));
        changes.add(e -> detail(e).put("userIdentity.invokedBy", "ec2.amazonaws.com"));
        changes.add(e -> detail(e).putArray("userIdentity").add(identity(e.deepCopy())).add(identity(e.deepCopy()).put("invokedBy", "x")));
        changes.add(e -> detail(e).put("userIdentity", "Root"));
        changes.add(e -> detail(e).remove("userIdentity"));
        changes.add(e -> identity(e).put("type", "Root").remove("invokedBy"));
        changes.add(e -> identity(e).putObject("sessionContext").putObject("sessionIssuer").put("type", "Role"));
        changes.add(e -> identity(e).putObject("sessionContext").putObject("sessionIssuer").putNull("type"));
        changes.add(e -> identity(e).putObject("sessionContext").putArray("sessionIssuer").addObject().put("type", "Role"));
        changes.add(e -> identity(e).putObject("sessionContext").put("sessionIssuer.type", "Role"));
        changes.add(e -> e.put("detail", "x"));
        changes.add(e -> e.remove("detail"));

        List<JsonNode> all = new ArrayList<>();
        for (JsonNode original : originals) {
            all.add(original);
            for (Consumer<ObjectNode> change : changes) {
                ObjectNode variant = (ObjectNode) original.deepCopy();
                change.accept(variant);
                all.add(variant);
            }
        }
        return all;
    }

    private static ObjectNode identity(ObjectNode event) {
        ObjectNode detail = detail(event);
        return detail.get("userIdentity") instanceof ObjectNode identity ? identity : detail.putObject("userIdentity");
    }

    private static ObjectNode detail(ObjectNode event) {
        return event.get("detail") instanceof ObjectNode detail ? detail : event.putObject("detail");
    }
}
