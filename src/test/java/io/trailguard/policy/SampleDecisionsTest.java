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
import java.util.TreeMap;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.trailguard.SampleEvents;
import io.trailguard.engine.PolicyRegistry;
import io.trailguard.event.EventReader;
import io.trailguard.event.ParsedEvent;
import io.trailguard.policies.identity.SignInFailures;

/**
 * The table-driven proof of every policy: each sample event under events/&lt;policy&gt;/ is read, matched and
 * decided (no AWS call is made to decide), and the verdict compared with the .expected.json beside it.
 */
@QuarkusTest
class SampleDecisionsTest {

    @Inject
    EventReader reader;
    @Inject
    PolicyRegistry registry;
    @Inject
    ObjectMapper mapper;
    @Inject
    SignInFailures signInFailures;

    static List<Path> samples() {
        return SampleEvents.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void sampleGetsItsExpectedDecision(Path sample) throws Exception {
        String policy = sample.getParent().getFileName().toString();
        JsonNode expected = mapper.readTree(Files.readString(Path.of(sample.toString().replace(".json", ".expected.json"))));
        // each sample is decided on its own: failures counted by earlier tests must not add up
        signInFailures.forgetAll();
        ParsedEvent parsed = reader.read(Files.readAllBytes(sample));
        Verdict verdict = registry.evaluate(parsed, PolicyRegistry.ALL).stream()
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
            case "finding" -> {
                assertNull(verdict.skipped(), "unexpected skip: " + verdict.skipped());
                assertTrue(verdict.actionable(), "expected a finding, got " + verdict.decision());
                assertEquals(expected.path("severity").asText(), verdict.decision().severity().name());
                assertEquals(expected.path("mode").asText(), verdict.mode().label());
                List<String> actions = new ArrayList<>();
                expected.path("actions").forEach(a -> actions.add(a.asText()));
                assertEquals(actions, verdict.decision().actions().stream().map(ActionSpec::name).toList());
                assertTrue(!verdict.decision().findings().isEmpty(), "a finding says what it found");
            }
            default -> throw new AssertionError("unknown expected verdict '" + kind + "' in " + sample);
        }
    }

    @Test
    void everyPolicyHasAtLeastSixSamplesWithNearMisses() throws IOException {
        Map<String, List<Path>> byPolicy = SampleEvents.all().stream()
                .collect(Collectors.groupingBy(p -> p.getParent().getFileName().toString(), TreeMap::new, Collectors.toList()));
        for (String policy : registry.policies().keySet()) {
            List<Path> samples = byPolicy.getOrDefault(policy, List.of());
            assertTrue(samples.size() >= 6, policy + " has " + samples.size() + " samples, at least 6 are required");
            long nearMisses = 0;
            for (Path sample : samples) {
                String kind = mapper.readTree(Files.readString(Path.of(sample.toString().replace(".json", ".expected.json"))))
                        .path("verdict").asText();
                if (!"finding".equals(kind)) {
                    nearMisses++;
                }
            }
            assertTrue(nearMisses >= 3, policy + " has " + nearMisses + " near misses, at least 3 are required");
        }
    }
}
