package io.trailguard.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.trailguard.SampleEvents;
import io.trailguard.SampleTable;
import io.trailguard.engine.PolicyRegistry;

/**
 * The table-driven proof of every policy: each sample event under events/&lt;policy&gt;/ is read, matched and
 * decided (no AWS call is made to decide), and the verdict compared with the .expected.json beside it. A
 * sample whose decision depends on earlier events (sign-in-failures) lists them in "preceded-by". Plain JUnit
 * over {@link SampleTable}: deciding needs neither Quarkus nor AWS.
 */
class SampleDecisionsTest {

    private final SampleTable table = SampleTable.get();
    private final PolicyRegistry registry = table.registry();
    private final ObjectMapper mapper = table.mapper();

    static List<Path> samples() {
        return SampleEvents.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void sampleGetsItsExpectedDecision(Path sample) throws Exception {
        String policy = sample.getParent().getFileName().toString();
        JsonNode expected = table.expected(sample);
        Verdict verdict = table.decide(sample).stream()
                .filter(v -> v.policy().name().equals(policy)).findFirst().orElse(null);
        String kind = expected.path("verdict").asText();
        if ("unmatched".equals(kind)) {
            assertNull(verdict, "the pattern of " + policy + " should not match");
            return;
        }
        assertNotNull(verdict, "the pattern of " + policy + " should match");
        switch (kind) {
            case "skipped" -> {
                assertNotNull(verdict.skipped(), "expected a skip, got " + verdict);
                assertTrue(verdict.skipped().contains(expected.path("reason").asText()),
                        "skip reason '" + verdict.skipped() + "' should contain '" + expected.path("reason").asText() + "'");
            }
            case "no-finding" -> {
                assertNull(verdict.skipped(), "unexpected skip: " + verdict.skipped());
                assertEquals(false, verdict.decision().matched(), "expected no finding, got " + verdict.decision());
                assertTrue(verdict.decision().reason().contains(expected.path("reason").asText()),
                        "reason '" + verdict.decision().reason() + "' should contain '" + expected.path("reason").asText() + "'");
            }
            // an attempt is a failed call's finding, alerted one severity lower and never remediated
            case "finding", "attempted" -> {
                assertNull(verdict.skipped(), "unexpected skip: " + verdict.skipped());
                assertTrue(verdict.actionable(), "expected a finding, got " + verdict.decision());
                assertEquals("attempted".equals(kind), verdict.attempt(), "an attempt is a failed call's finding");
                assertEquals(expected.path("severity").asText(), verdict.decision().severity().name());
                assertEquals(expected.path("mode").asText(), verdict.modeLabel());
                // the resource is what exemptions and the tag check look at, the findings what the alert says;
                // a failed creation created none
                boolean noResource = "attempted".equals(kind) && expected.path("resource").isNull();
                assertTrue(expected.path("resource").isTextual() || noResource, "a finding sample names its resource: " + sample);
                assertEquals(noResource ? null : expected.path("resource").asText(),
                        verdict.decision().resource() == null ? null : verdict.decision().resource().toString());
                assertTrue(expected.path("findings").isArray() && !expected.path("findings").isEmpty(),
                        "a finding sample lists its findings: " + sample);
                assertEquals(texts(expected.path("findings")), verdict.decision().findings());
                // each spec whole, name and parameters: an action on the wrong target is a wrong decision
                assertTrue(expected.path("actions").isArray(), "a finding sample lists its actions: " + sample);
                expected.path("actions").forEach(a -> assertTrue(a.path("name").isTextual() && a.path("params").isObject(),
                        "an expected action is {\"name\": …, \"params\": {…}}, not " + a + ": " + sample));
                assertEquals(expected.path("actions"), mapper.valueToTree(verdict.decision().actions()));
                // an invalid identifier fails closed: still a finding, its action refused by the executor before any AWS call
                assertEquals(texts(expected.path("refused")), verdict.decision().actions().stream()
                        .filter(spec -> table.executors().get(spec.name()) == null || table.executors().get(spec.name()).refusal(spec) != null)
                        .map(ActionSpec::name).toList(), "the actions refused");
                assertTrue(!verdict.decision().findings().isEmpty(), "a finding says what it found");
            }
            default -> throw new AssertionError("unknown expected verdict '" + kind + "' in " + sample);
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(t -> texts.add(t.asText()));
        return texts;
    }

    @Test
    void everyPolicyHasSixSamplesWithAFindingAndThreeNearMisses() throws IOException {
        Map<String, List<Path>> byPolicy = SampleEvents.all().stream()
                .collect(Collectors.groupingBy(p -> p.getParent().getFileName().toString(), TreeMap::new, Collectors.toList()));
        List<String> problems = new ArrayList<>();
        for (String policy : registry.policies().keySet()) {
            List<Path> samples = byPolicy.getOrDefault(policy, List.of());
            long findings = 0;
            for (Path sample : samples) {
                if (Files.exists(expectedOf(sample))
                        && Set.of("finding", "attempted").contains(mapper.readTree(expectedOf(sample).toFile()).path("verdict").asText())) {
                    findings++;
                }
            }
            long nearMisses = samples.size() - findings;
            if (samples.size() < 6) {
                problems.add(policy + " has " + samples.size() + " samples, at least 6 are required");
            }
            // a policy proven only by what it lets pass could be one that never finds anything
            if (findings < 1) {
                problems.add(policy + " has no finding sample, at least 1 is required");
            }
            if (nearMisses < 3) {
                problems.add(policy + " has " + nearMisses + " near misses, at least 3 are required");
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void everySampleFolderNamesAPolicyAndEverySampleHasItsExpectedDecision() throws IOException {
        List<String> problems = new ArrayList<>();
        try (Stream<Path> entries = Files.list(SampleEvents.ROOT)) {
            for (Path entry : entries.sorted().toList()) {
                String name = entry.getFileName().toString();
                if (!Files.isDirectory(entry)) {
                    problems.add(entry + " is not a policy folder");
                } else if (!registry.policies().containsKey(name)) {
                    // an orphan folder's samples would be checked against no policy, or fail as unmatched
                    problems.add(entry + " names no policy");
                }
            }
        }
        try (Stream<Path> files = Files.walk(SampleEvents.ROOT)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                String name = file.getFileName().toString();
                if (!file.getParent().getParent().equals(SampleEvents.ROOT)) {
                    problems.add(file + " is not directly in a policy folder");
                } else if (name.endsWith(".expected.json")) {
                    if (!Files.exists(file.resolveSibling(name.replace(".expected.json", ".json")))) {
                        problems.add(file + " has no sample beside it");
                    }
                } else if (!name.endsWith(".json")) {
                    problems.add(file + " is neither a sample nor an .expected.json");
                } else if (!Files.exists(expectedOf(file))) {
                    problems.add(file + " has no .expected.json beside it");
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    private static Path expectedOf(Path sample) {
        return SampleTable.expectedPath(sample);
    }
}
