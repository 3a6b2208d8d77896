package io.trailguard.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.trailguard.SampleEvents;
import io.trailguard.SampleTable;
import io.trailguard.policy.Policy;
import io.trailguard.rules.CheckedPattern;
import io.trailguard.rules.DeclaredRule;
import io.trailguard.rules.RuleReader;
import io.trailguard.rules.RuleText;
import software.amazon.event.ruler.Machine;

/**
 * A machine given each pattern only when an event could need it answers every event as the machine with every
 * pattern does: the catalog and the 100 benchmark rules, over every sample, the benign breadth trail and odd
 * variants (a field missing, in an array, a number, an object, a dotted name), in several orders of events.
 */
class LazyPatternsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void matchesEveryEventAsTheMachineWithEveryPatternInAnyOrder() throws Exception {
        List<Policy> policies = policies();
        Machine eager = Machine.builder().build();
        for (Policy policy : policies) {
            eager.addRule(policy.name(), policy.pattern());
        }
        List<JsonNode> events = events();
        List<List<String>> expected = new ArrayList<>();
        int matched = 0;
        for (JsonNode event : events) {
            List<String> names = sorted(eager.rulesForJSONEvent(event));
            expected.add(names);
            matched += names.isEmpty() ? 0 : 1;
        }
        assertTrue(matched > 500, "the events should exercise the patterns: " + matched + " of " + events.size());

        for (long seed : new long[] {0, 1, 2, 3}) {
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < events.size(); i++) {
                order.add(i);
            }
            if (seed == 1) {
                Collections.reverse(order);
            } else if (seed > 1) {
                Collections.shuffle(order, new Random(seed));
            }
            LazyPatterns lazy = lazy(policies);
            for (int i : order) {
                assertEquals(expected.get(i), sorted(lazy.rulesFor(events.get(i))), "order " + seed + ", event " + events.get(i));
            }
        }
    }

    @Test
    void addsWhatTheFirstEventItSeesMatches() throws Exception {
        List<Policy> policies = policies();
        Machine eager = Machine.builder().build();
        for (Policy policy : policies) {
            eager.addRule(policy.name(), policy.pattern());
        }
        int checked = 0;
        for (JsonNode event : events()) {
            List<String> expected = sorted(eager.rulesForJSONEvent(event));
            if (expected.isEmpty()) {
                continue;
            }
            // a machine of the matching patterns alone, as fresh as at a cold start: none added by an earlier event
            LazyPatterns lazy = lazy(policies.stream().filter(p -> expected.contains(p.name())).toList());
            assertEquals(expected, sorted(lazy.rulesFor(event)), event.toString());
            checked++;
        }
        assertTrue(checked > 500, "matched events: " + checked);
    }

    @Test
    void matchesAsTheFullMachineFromSeveralThreadsAtOnce() throws Exception {
        List<Policy> policies = policies();
        Machine eager = Machine.builder().build();
        for (Policy policy : policies) {
            eager.addRule(policy.name(), policy.pattern());
        }
        List<JsonNode> events = events();
        LazyPatterns lazy = lazy(policies);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> runs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                List<JsonNode> mine = new ArrayList<>(events);
                Collections.shuffle(mine, new Random(10 + t));
                runs.add(threads.submit(() -> {
                    for (JsonNode event : mine) {
                        assertEquals(sorted(eager.rulesForJSONEvent(event)), sorted(lazy.rulesFor(event)), event.toString());
                    }
                    return mine.size();
                }));
            }
            for (Future<Integer> run : runs) {
                assertEquals(events.size(), run.get());
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void addsToTheMachineOnlyThePatternsAnEventCouldNeed() throws Exception {
        List<Policy> policies = policies();
        LazyPatterns lazy = lazy(policies);
        int atStart = lazy.waiting();
        assertTrue(atStart > policies.size() * 9 / 10, atStart + " of " + policies.size() + " patterns should wait for their event");

        JsonNode acl = MAPPER.readTree(SampleEvents.ROOT.resolve("s3-public-bucket/put-bucket-acl-private.json").toFile());
        assertEquals(List.of("bench-s3-put-bucket-acl-0", "s3-public-bucket"), sorted(lazy.rulesFor(acl)));
        assertTrue(lazy.waiting() > atStart - 20, "an S3 call adds the S3 patterns only: " + lazy.waiting() + " wait of " + atStart);

        ObjectNode listed = acl.deepCopy();
        ((ObjectNode) listed.get("detail")).putArray("eventName").add("PutBucketAcl");
        lazy.rulesFor(listed);
        assertEquals(0, lazy.waiting(), "an array where a pattern's key is: every pattern, for event-ruler to tell");
    }

    @Test
    void addsEveryPatternStillWaitingAfterSoManyEvents() throws Exception {
        LazyPatterns lazy = lazy(policies());
        JsonNode acl = MAPPER.readTree(SampleEvents.ROOT.resolve("s3-public-bucket/put-bucket-acl-private.json").toFile());
        for (int i = 0; i < LazyPatterns.EVENTS_WHILE_WAITING; i++) {
            assertEquals(List.of("bench-s3-put-bucket-acl-0", "s3-public-bucket"), sorted(lazy.rulesFor(acl)));
        }
        assertTrue(lazy.waiting() > 100, "the same S3 call adds nothing more: " + lazy.waiting());
        assertEquals(List.of("bench-s3-put-bucket-acl-0", "s3-public-bucket"), sorted(lazy.rulesFor(acl)));
        assertEquals(0, lazy.waiting(), "then every pattern, so that no later event pays for telling which are due");
    }

    @Test
    void aPolicysInvalidPatternStillFailsAtStart() {
        LazyPatterns lazy = new LazyPatterns();
        String pattern = """
                {"detail": {"eventName": ["PutBucketAcl"], "bytes": [{"numeric": ["<<", 1]}]}}""";
        assertThrows(IOException.class, () -> lazy.add("broken", pattern, PatternIndex.tree(pattern), null, false));
    }

    private static LazyPatterns lazy(List<Policy> policies) throws IOException {
        LazyPatterns lazy = new LazyPatterns();
        for (Policy policy : policies) {
            // as the registry adds them: a declared rule's pattern parsed and compiled once, when it was read
            CheckedPattern checked = policy instanceof DeclaredRule rule ? rule.checkedPattern() : null;
            lazy.add(policy.name(), policy.pattern(), checked != null ? checked.tree() : PatternIndex.tree(policy.pattern()),
                    checked != null ? checked.subRules() : null, checked != null);
        }
        return lazy;
    }

    /** The sample table's policies and rules, with the 100 benchmark rules: every pattern feature. */
    private static List<Policy> policies() throws IOException {
        List<String> problems = new ArrayList<>();
        List<DeclaredRule> bench = RuleReader.read(new RuleText("rules-100.yaml", Files.readString(Path.of("native-tests/bench/rules-100.yaml"))),
                SampleTable.get().executors().keySet(), problems);
        assertEquals(List.of(), problems);
        List<Policy> all = new ArrayList<>(SampleTable.get().policies());
        all.addAll(bench);
        return all;
    }

    /** Every sample, the benign breadth trail, and each of them with one odd field. */
    private static List<JsonNode> events() throws IOException {
        List<JsonNode> plain = new ArrayList<>();
        for (Path sample : SampleEvents.all()) {
            plain.add(MAPPER.readTree(sample.toFile()));
        }
        for (String line : Files.readAllLines(Path.of("src/samples/eventbridge/breadth-benign.jsonl"))) {
            if (!line.isBlank()) {
                plain.add(MAPPER.readTree(line));
            }
        }
        List<Consumer<ObjectNode>> odd = List.of(
                e -> detail(e).remove("eventName"),
                e -> detail(e).putArray("eventName").add(e.path("detail").path("eventName").asText("")), // an empty array
                e -> {
                    String name = detail(e).path("eventName").asText();
                    detail(e).putArray("eventName").add("DescribeSomething").add(name);
                },
                e -> detail(e).put("eventName", 5),
                e -> detail(e).putObject("eventName").put("x", 1),
                e -> e.put("detail.eventName", detail(e).path("eventName").asText()),
                e -> detail(e).put("errorCode", "AccessDenied"),
                e -> {
                    String source = e.path("source").asText();
                    e.putArray("source").add(source);
                },
                e -> e.put("source", 3),
                e -> e.remove("source"),
                e -> detail(e).put("eventName", detail(e).path("eventName").asText().toLowerCase(Locale.ROOT)),
                e -> detail(e).put("eventName", detail(e).path("eventName").asText().toUpperCase(Locale.ROOT)),
                e -> detail(e).put("eventName", detail(e).path("eventName").asText().replace('k', '\u212a')), // Kelvin sign
                e -> detail(e).put("eventName", detail(e).path("eventName").asText() + "X"), // a prefix of it, not a suffix
                e -> detail(e).put("eventName", "X" + detail(e).path("eventName").asText()), // a suffix of it, not a prefix
                e -> detail(e).put("userIdentity.type", "Root"),
                e -> e.putArray("detail").addObject().put("eventName", "StopLogging"));
        List<JsonNode> all = new ArrayList<>(plain);
        for (int i = 0; i < plain.size(); i++) {
            if (plain.get(i).get("detail") instanceof ObjectNode) {
                for (int k = 0; k < 4; k++) {
                    ObjectNode variant = plain.get(i).deepCopy();
                    odd.get((i * 4 + k) % odd.size()).accept(variant);
                    all.add(variant);
                }
            }
        }
        return all;
    }

    private static ObjectNode detail(ObjectNode event) {
        return (ObjectNode) event.get("detail");
    }

    private static List<String> sorted(List<String> names) {
        return names.stream().sorted().distinct().toList(); // the registry takes each name once
    }
}
