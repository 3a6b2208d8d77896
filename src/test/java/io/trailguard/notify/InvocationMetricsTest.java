package io.trailguard.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.trailguard.policy.ActionResult;

/**
 * The metric lines follow CloudWatch's Embedded Metric Format specification (the rules of its JSON schema are
 * checked one by one in {@link #assertEmf}), carry what the invocation did, and are never written outside an
 * invocation (replay).
 */
class InvocationMetricsTest {

    /** The units the specification allows. */
    static final Set<String> UNITS = Set.of("Seconds", "Microseconds", "Milliseconds", "Bytes", "Kilobytes", "Megabytes",
            "Gigabytes", "Terabytes", "Bits", "Kilobits", "Megabits", "Gigabits", "Terabits", "Percent", "Count",
            "Bytes/Second", "Kilobytes/Second", "Megabytes/Second", "Gigabytes/Second", "Terabytes/Second", "Bits/Second",
            "Kilobits/Second", "Megabits/Second", "Gigabits/Second", "Terabits/Second", "Count/Second", "None");

    final ObjectMapper mapper = new ObjectMapper();
    final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    final InvocationMetrics metrics = new InvocationMetrics(mapper, new PrintStream(printed, true, StandardCharsets.UTF_8));

    @Test
    void anEnforcedDecisionIsCountedByHandlerPolicyModeAndSeverity() throws Exception {
        long before = System.currentTimeMillis();
        metrics.begin("s3");
        metrics.decided(1_500_000);
        metrics.recorded(decision("public-bucket", "enforce", "HIGH", false, 42_000L,
                new ActionResult("BlockPublicAccess", "b1", ActionResult.APPLIED, null, 1),
                new ActionResult("RemovePublicAclGrants", "b1", ActionResult.FAILED, "AccessDenied", 3),
                new ActionResult("PutDefaultEncryption", "b1", ActionResult.ALREADY_COMPLIANT, null, 1),
                new ActionResult("TagBucket", "(invalid spec)", ActionResult.REFUSED, "no key", null)));
        metrics.alerted("public-bucket", "sns", true);
        metrics.alerted("public-bucket", "webhook", false);
        metrics.recorded(AuditRecord.rejected("s3", "not JSON"));
        metrics.end();

        List<JsonNode> lines = lines();
        lines.forEach(this::assertEmf);
        assertTrue(lines.stream().allMatch(l -> l.path("_aws").path("Timestamp").asLong() >= before));

        JsonNode decisions = line(lines, "Decisions");
        assertEquals("s3", decisions.path("handler").asText());
        assertEquals("public-bucket", decisions.path("policy").asText());
        assertEquals("enforce", decisions.path("mode").asText());
        assertEquals("HIGH", decisions.path("severity").asText());
        assertEquals(1, decisions.path("Decisions").asDouble());
        assertEquals(dimensionSets("handler", "policy", "mode", "severity"), dimensions(decisions));

        JsonNode actions = line(lines, "ActionsFailed");
        assertEquals(List.of(List.of("handler"), List.of("handler", "policy")), dimensions(actions));
        assertEquals(1, actions.path("ActionsApplied").asDouble());
        assertEquals(1, actions.path("ActionsFailed").asDouble());
        assertEquals(1, actions.path("ActionsAlreadyCompliant").asDouble());
        assertEquals(1, actions.path("ActionsRefused").asDouble());
        assertEquals(42.0, actions.path("TimeToRemediate").asDouble());

        JsonNode failedAlert = line(lines, "AlertsFailed");
        assertEquals("webhook", failedAlert.path("target").asText());
        assertEquals(dimensionSets("handler", "target", "policy"), dimensions(failedAlert));
        assertEquals("sns", line(lines, "AlertsSent").path("target").asText());

        assertEquals(1, line(lines, "InputsRejected").path("InputsRejected").asDouble());
        assertEquals(1.5, line(lines, "TimeToDecide").path("TimeToDecide").asDouble());
        assertEquals(5, lines.size(), "one line per set of dimension values: " + lines);
    }

    @Test
    void aBatchAddsUpInOneLinePerDimensionValues() throws Exception {
        metrics.begin("iam");
        for (int i = 0; i < 3; i++) {
            metrics.recorded(decision("admin-granted", "alert", "CRITICAL", false, 10L));
        }
        metrics.end();

        List<JsonNode> lines = lines();
        assertEquals(1, lines.size());
        assertEquals(3, lines.get(0).path("Decisions").asDouble());
    }

    @Test
    void timingsBeyondTheSpecificationsHundredValuesStartANewLine() throws Exception {
        metrics.begin("all");
        for (int i = 0; i < 250; i++) {
            metrics.decided(1000L * i);
        }
        metrics.end();

        List<JsonNode> lines = lines();
        lines.forEach(this::assertEmf);
        assertEquals(3, lines.size());
        assertEquals(250, lines.stream().mapToInt(l -> l.path("TimeToDecide").size()).sum());
    }

    @Test
    void nothingIsWrittenOutsideAnInvocationNorForAReplayedEvent() throws Exception {
        // replay and the local commands never open an invocation
        metrics.recorded(decision("public-bucket", "enforce", "HIGH", false, 1L,
                new ActionResult("BlockPublicAccess", "b1", ActionResult.FAILED, "AccessDenied", 3)));
        metrics.alerted("public-bucket", "sns", false);
        metrics.decided(1000);
        metrics.end();
        assertEquals(0, printed.size());

        metrics.begin("s3");
        metrics.recorded(decision("public-bucket", "dry-run", "HIGH", true, 1L));
        metrics.end();
        assertEquals(0, printed.size(), printed.toString(StandardCharsets.UTF_8));
    }

    @Test
    void anEmptyInvocationWritesNothing() {
        metrics.begin("s3");
        metrics.end();
        assertEquals(0, printed.size());
    }

    /** The specification's rules: the metadata object, the directive's members, the caps, every reference resolved. */
    void assertEmf(JsonNode line) {
        assertTrue(line.isObject());
        JsonNode aws = line.path("_aws");
        assertTrue(aws.isObject(), "_aws is an object");
        assertTrue(aws.path("Timestamp").isIntegralNumber() && aws.path("Timestamp").asLong() > 0, "_aws.Timestamp: epoch ms");
        JsonNode directives = aws.path("CloudWatchMetrics");
        assertTrue(directives.isArray() && directives.size() > 0, "_aws.CloudWatchMetrics: a non-empty array");
        for (JsonNode directive : directives) {
            String namespace = directive.path("Namespace").asText("");
            assertTrue(directive.path("Namespace").isTextual() && !namespace.isEmpty() && namespace.length() <= 255, "Namespace");
            JsonNode sets = directive.path("Dimensions");
            assertTrue(sets.isArray(), "Dimensions: an array of dimension sets");
            for (JsonNode set : sets) {
                assertTrue(set.isArray() && set.size() <= 30, "a dimension set holds at most 30 dimensions: " + set);
                for (JsonNode name : set) {
                    JsonNode value = line.path(name.asText());
                    assertTrue(value.isTextual(), "dimension " + name + " is a top-level string member");
                    assertTrue(!value.asText().isEmpty() && value.asText().length() <= 1024, "dimension value 1-1024 characters");
                }
            }
            JsonNode declared = directive.path("Metrics");
            assertTrue(declared.isArray() && declared.size() > 0 && declared.size() <= 100, "Metrics: 1 to 100 definitions");
            Set<String> names = new HashSet<>();
            for (JsonNode metric : declared) {
                String name = metric.path("Name").asText("");
                assertTrue(metric.path("Name").isTextual() && !name.isEmpty() && name.length() <= 255, "Metrics[].Name");
                assertTrue(names.add(name), "a metric is declared once: " + name);
                assertTrue(!metric.has("Unit") || UNITS.contains(metric.path("Unit").asText()), "Metrics[].Unit: " + metric);
                JsonNode value = line.path(name);
                assertTrue(value.isNumber() || (value.isArray() && value.size() > 0 && value.size() <= 100), "metric " + name
                        + " is a top-level number or an array of at most 100: " + value);
                value.forEach(v -> assertTrue(v.isNumber(), name + " values are numbers"));
                assertFalse(isDimension(sets, name), name + " is not also a dimension");
            }
        }
    }

    static boolean isDimension(JsonNode sets, String name) {
        for (JsonNode set : sets) {
            for (JsonNode n : set) {
                if (n.asText().equals(name)) {
                    return true;
                }
            }
        }
        return false;
    }

    List<JsonNode> lines() throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : printed.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                lines.add(mapper.readTree(line));
            }
        }
        return lines;
    }

    static JsonNode line(List<JsonNode> lines, String metric) {
        return lines.stream().filter(l -> l.has(metric)).findFirst().orElseThrow(() -> new AssertionError("no line has " + metric + ": " + lines));
    }

    static List<List<String>> dimensions(JsonNode line) {
        List<List<String>> sets = new ArrayList<>();
        for (JsonNode set : line.path("_aws").path("CloudWatchMetrics").get(0).path("Dimensions")) {
            List<String> names = new ArrayList<>();
            set.forEach(n -> names.add(n.asText()));
            sets.add(names);
        }
        return sets;
    }

    /** Every leading part of the dimensions, coarse to fine. */
    static List<List<String>> dimensionSets(String... names) {
        List<List<String>> sets = new ArrayList<>();
        for (int n = 1; n <= names.length; n++) {
            sets.add(List.of(names).subList(0, n));
        }
        return sets;
    }

    static AuditRecord decision(String policy, String mode, String severity, boolean replay, Long micros, ActionResult... actions) {
        AuditRecord.Conclusion conclusion = new AuditRecord.Conclusion("arn:aws:s3:::b1", mode, replay ? Boolean.TRUE : null,
                true, severity, "why", List.of(), null, null, null);
        AuditRecord.Outcome outcome = new AuditRecord.Outcome(null, List.of(actions), "sns: sent", null, micros);
        return new AuditRecord(AuditRecord.DECISION, "2026-11-30T00:00:00Z", "s3", policy, null, conclusion, outcome, null);
    }
}
