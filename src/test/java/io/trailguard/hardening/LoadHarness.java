package io.trailguard.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.junit.QuarkusTest;
import io.trailguard.AlertInbox;
import io.trailguard.CapturingAuditLog;
import io.trailguard.MotoServer;
import io.trailguard.SampleEvents;
import io.trailguard.handler.InterceptionResult;
import io.trailguard.handler.Interceptor;
import io.trailguard.handler.RemediationFailedException;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * Load harness, not a timed test: pushes a realistic mix of events (most match no policy, some are near
 * misses, a few are findings remediated against moto) through the {@code all} handler in JVM mode, one at a
 * time like one Lambda instance, and prints events/s, decision latency percentiles, peak heap and the audit
 * line count (every event must have one). Off by default; run {@code .ci/load-test} (or
 * {@code ./mvnw test -Dtest=LoadHarness -Dload.enabled=true -Dload.events=50000}).
 */
@QuarkusTest
@Tag("load")
@EnabledIfSystemProperty(named = "load.enabled", matches = "true")
class LoadHarness {

    static final int EVENTS = Integer.getInteger("load.events", 50_000);
    static final long SEED = Long.getLong("load.seed", 7L);
    /** Share of events matching no policy, and of near misses (matched, no finding or skipped); the rest are findings. */
    static final double UNMATCHED = 0.90;
    static final double NEAR_MISS = 0.07;
    /** Calls that reach EventBridge rules of other services or read-only calls: what most of CloudTrail is. */
    static final String[][] OTHER_CALLS = { { "aws.ec2", "ec2", "DescribeInstances" }, { "aws.sts", "sts", "AssumeRole" },
            { "aws.kms", "kms", "Decrypt" }, { "aws.lambda", "lambda", "Invoke" }, { "aws.iam", "iam", "GetUser" },
            { "aws.s3", "s3", "ListBuckets" }, { "aws.s3", "s3", "GetBucketLocation" }, { "aws.cloudtrail", "cloudtrail", "LookupEvents" },
            { "aws.logs", "logs", "CreateLogStream" }, { "aws.ssm", "ssm", "GetParameter" }, { "aws.iam", "iam", "ListRoles" },
            { "aws.ec2", "ec2", "AuthorizeSecurityGroupEgress" }, { "aws.dynamodb", "dynamodb", "DescribeTable" } };

    @Inject
    Interceptor interceptor;
    @Inject
    CapturingAuditLog audit;
    @Inject
    ObjectMapper mapper;
    @Inject
    S3Client s3;
    @Inject
    IamClient iam;
    @Inject
    CloudTrailClient cloudTrail;
    @Inject
    SnsClient sns;

    @Test
    void load() throws Exception {
        account();
        List<JsonNode> findings = new ArrayList<>();
        List<JsonNode> nearMisses = new ArrayList<>();
        for (Path sample : SampleEvents.all()) {
            String verdict = mapper.readTree(Files.readString(Path.of(sample.toString().replace(".json", ".expected.json")))).path("verdict").asText();
            (verdict.equals("finding") ? findings : nearMisses).add(mapper.readTree(Files.readAllBytes(sample)));
        }
        Random random = new Random(SEED);
        List<byte[]> events = new ArrayList<>(EVENTS);
        for (int i = 0; i < EVENTS; i++) {
            double roll = random.nextDouble();
            ObjectNode event;
            if (roll < UNMATCHED) {
                event = (ObjectNode) nearMisses.get(random.nextInt(nearMisses.size())).deepCopy();
                String[] call = OTHER_CALLS[random.nextInt(OTHER_CALLS.length)];
                event.put("source", call[0]);
                ((ObjectNode) event.get("detail")).put("eventSource", call[1] + ".amazonaws.com").put("eventName", call[2]);
            } else if (roll < UNMATCHED + NEAR_MISS) {
                event = (ObjectNode) nearMisses.get(random.nextInt(nearMisses.size())).deepCopy();
            } else {
                event = (ObjectNode) findings.get(random.nextInt(findings.size())).deepCopy();
            }
            event.put("id", "load-" + i);
            ((ObjectNode) event.get("detail")).put("eventID", "load-event-" + i);
            events.add(mapper.writeValueAsBytes(event));
        }

        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
        long[] nanos = new long[EVENTS];
        Map<String, Integer> outcomes = new TreeMap<>();
        long before = audit.total();
        int withoutLine = 0;
        List<String> failures = new ArrayList<>();
        audit.quiet(true);
        long start = System.nanoTime();
        try {
            for (int i = 0; i < EVENTS; i++) {
                long lines = audit.total();
                long t0 = System.nanoTime();
                String outcome;
                try {
                    InterceptionResult result = interceptor.intercept(events.get(i), "all");
                    outcome = result.status();
                } catch (RemediationFailedException e) {
                    outcome = "failed invocation";
                    if (failures.size() < 5) {
                        failures.add(e.getMessage());
                    }
                }
                nanos[i] = System.nanoTime() - t0;
                outcomes.merge(outcome, 1, Integer::sum);
                if (audit.total() == lines) {
                    withoutLine++;
                }
            }
        } finally {
            audit.quiet(false);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long peakHeap = ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        long lines = audit.total() - before;
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        String report = String.format("""
                LOAD events=%d in %.1f s: %.0f events/s (one thread, like one Lambda instance)
                LOAD decision latency p50=%.3f ms p90=%.3f ms p99=%.3f ms p99.9=%.3f ms max=%.1f ms
                LOAD peak heap (sum of heap pools' peaks)=%d MB; max heap=%d MB
                LOAD audit lines=%d (decisions %d, unmatched %d, rejected %d), events without a line=%d, audit JSON %d KB
                LOAD outcomes %s; failures %s
                LOAD cpus=%d load average at end=%.1f
                """, EVENTS, seconds, EVENTS / seconds, ms(sorted, 0.50), ms(sorted, 0.90), ms(sorted, 0.99), ms(sorted, 0.999),
                sorted[EVENTS - 1] / 1e6, peakHeap >> 20, Runtime.getRuntime().maxMemory() >> 20, lines,
                audit.count("decision"), audit.count("unmatched"), audit.count("rejected"), withoutLine, audit.quietBytes() >> 10,
                outcomes, failures, Runtime.getRuntime().availableProcessors(), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.print(report);
        Files.writeString(Path.of("target", "load-report.txt"), report);
        assertEquals(0, withoutLine, "every event has its audit line");
        assertTrue(lines >= EVENTS);
    }

    /** The resources the samples name, so findings are remediated (then found compliant) rather than failing. */
    private void account() {
        MotoServer.reset();
        for (String bucket : new String[] { "tg-demo-data", "tg-demo-logs", "public-website-assets", "tg-cloudtrail-logs-123456789012" }) {
            s3.createBucket(b -> b.bucket(bucket));
        }
        cloudTrail.createTrail(b -> b.name("tg-audit-trail").s3BucketName("tg-cloudtrail-logs-123456789012"));
        for (String user : new String[] { "alice", "bob", "carol" }) {
            iam.createUser(b -> b.userName(user));
        }
        iam.createRole(b -> b.roleName("app-runner").assumeRolePolicyDocument(
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}"));
        iam.createGroup(b -> b.groupName("developers"));
        AlertInbox.create(sns).close();
    }

    private static double ms(long[] sorted, double quantile) {
        return sorted[(int) Math.min(sorted.length - 1, Math.round(quantile * (sorted.length - 1)))] / 1e6;
    }
}
