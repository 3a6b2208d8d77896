package io.trailguard.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.trailguard.AwsCallCounter;
import io.trailguard.CapturingAuditLog;
import io.trailguard.Lambda;
import io.trailguard.MotoServer;
import io.trailguard.SampleEvents;
import io.trailguard.handler.InterceptionResult;
import io.trailguard.handler.Interceptor;
import io.trailguard.handler.RemediationFailedException;
import io.trailguard.hardening.EventMutator.Mutant;
import io.trailguard.notify.AuditRecord;
import io.trailguard.policy.AwsIdentifiers;
import io.trailguard.policy.PolicyRegistry;
import io.trailguard.policy.ResourceRef;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Bad input, at volume: seeded mutations of every policy's sample events (so new policies' samples join
 * automatically) go through every handler in-process, and a few hundred through the Lambda runtime loop.
 * Nothing escapes but the deliberate {@link RemediationFailedException}, nothing hangs, every event gets
 * its audit line (a rejection with its reason), and AWS is called only for a finding on well-formed
 * identifiers: the {@link AwsCallCounter} sees every SDK call and, during the run, fails it on the spot.
 * Rerun with other cases: -Dfuzz.seed=N -Dfuzz.cases=N.
 */
@QuarkusTest
class FuzzTest {

    static final long SEED = Long.getLong("fuzz.seed", 20261125L);
    static final int CASES = Integer.getInteger("fuzz.cases", 10_000);
    static final int RUNTIME_CASES = Integer.getInteger("fuzz.runtime-cases", 200);
    static final long HANG_MILLIS = 5_000;

    @Inject
    Interceptor interceptor;
    @Inject
    PolicyRegistry registry;
    @Inject
    CapturingAuditLog audit;
    @Inject
    ObjectMapper mapper;
    @Inject
    S3Client s3;

    // held so the level set on it is not lost to garbage collection
    java.util.logging.Logger trailguardLog = java.util.logging.Logger.getLogger("io.trailguard");
    Level previousLevel;

    @BeforeEach
    void quiet() {
        previousLevel = trailguardLog.getLevel();
        // thousands of expected warnings (blocked calls, undecidable events) would drown the build log
        trailguardLog.setLevel(Level.SEVERE);
        audit.quiet(true);
    }

    @AfterEach
    void loud() {
        AwsCallCounter.block(false);
        audit.quiet(false);
        trailguardLog.setLevel(previousLevel);
    }

    @Test
    void mutatedEventsThroughEveryHandler() throws Exception {
        List<String> handlers = handlers();
        Map<String, JsonNode> samples = samples();
        EventMutator mutator = new EventMutator(SEED, mapper, eventNames(samples));
        List<String> names = new ArrayList<>(samples.keySet());
        java.util.Random pick = new java.util.Random(SEED);

        Map<String, Integer> outcomes = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        long maxNanos = 0;
        long invocations = 0;
        long awsCalls = 0;
        long bytes = 0;
        long start = System.nanoTime();
        long cpuStart = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        AwsCallCounter.block(true);
        for (int i = 0; i < CASES; i++) {
            String name = names.get(pick.nextInt(names.size()));
            Mutant mutant = mutator.mutate(name, samples.get(name));
            bytes += mutant.bytes().length;
            for (String handler : handlers) {
                long calls = AwsCallCounter.calls();
                long lines = audit.total();
                audit.clearLatest();
                long t0 = System.nanoTime();
                String outcome;
                InterceptionResult result = null;
                try {
                    result = interceptor.intercept(mutant.bytes(), handler);
                    outcome = result.status();
                } catch (RemediationFailedException e) {
                    outcome = "failed invocation";
                } catch (Throwable e) {
                    outcome = "UNCAUGHT";
                    problem(problems, "uncaught " + e + " on " + handler + ": " + mutant);
                }
                long nanos = System.nanoTime() - t0;
                invocations++;
                maxNanos = Math.max(maxNanos, nanos);
                if (nanos > TimeUnit.MILLISECONDS.toNanos(HANG_MILLIS)) {
                    problem(problems, "took " + TimeUnit.NANOSECONDS.toMillis(nanos) + " ms on " + handler + ": " + mutant);
                }
                long madeCalls = AwsCallCounter.calls() - calls;
                awsCalls += madeCalls;
                List<AuditRecord> records = audit.latest();
                if (audit.total() - lines < 1 || records.isEmpty()) {
                    problem(problems, "no audit line on " + handler + ": " + mutant);
                }
                boolean actionable = false;
                for (AuditRecord record : records) {
                    String reason = record.skipped() != null ? record.skipped() : record.reason();
                    if (reason == null || reason.isBlank()) {
                        if (!Boolean.TRUE.equals(record.matched())) {
                            problem(problems, "audit line without a reason on " + handler + ": " + mutant + " → " + record);
                        }
                    }
                    if (AuditRecord.REJECTED.equals(record.type())) {
                        outcome = "rejected";
                    } else if (AuditRecord.DECISION.equals(record.type())) {
                        if (record.skipped() != null) {
                            count(outcomes, record.skipped().startsWith("undecidable") ? "skipped: undecidable" : "skipped");
                        } else if (Boolean.TRUE.equals(record.matched())) {
                            actionable = true;
                            count(outcomes, "finding");
                            wellFormed(problems, record, mutant);
                        } else {
                            count(outcomes, record.reason() != null && record.reason().startsWith("refused") ? "no finding: refused identifier"
                                    : "no finding");
                        }
                    }
                }
                if (madeCalls > 0 && !actionable) {
                    problem(problems, madeCalls + " AWS calls " + AwsCallCounter.recent() + " without a finding on " + handler + ": " + mutant);
                }
                if ("failed invocation".equals(outcome) && !actionable) {
                    problem(problems, "invocation failed without a finding on " + handler + ": " + mutant);
                }
                count(outcomes, "invocation " + outcome);
            }
        }
        AwsCallCounter.block(false);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        long cpuMillis = TimeUnit.NANOSECONDS.toMillis(java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpuStart);
        System.out.printf("FUZZ seed=%d cases=%d handlers=%s invocations=%d bytes=%d in %d ms (%d ms CPU), slowest %d ms, AWS calls (blocked) %d%n",
                SEED, CASES, handlers, invocations, bytes, millis, cpuMillis, TimeUnit.NANOSECONDS.toMillis(maxNanos), awsCalls);
        outcomes.forEach((k, v) -> System.out.printf("FUZZ   %-40s %d%n", k, v));
        if (!problems.isEmpty()) {
            Files.write(Path.of("target", "fuzz-problems.txt"), problems);
            fail(problems.size() + " problems (first ones):\n" + String.join("\n", problems.subList(0, Math.min(20, problems.size()))));
        }
        assertTrue(invocations >= 10_000L * handlers.size() || CASES < 10_000);
    }

    @Test
    void runtimeLoopSurvivesMutatedEvents() throws Exception {
        MotoServer.reset();
        s3.createBucket(b -> b.bucket("tg-demo-data"));
        Map<String, JsonNode> samples = samples();
        EventMutator mutator = new EventMutator(SEED + 1, mapper, eventNames(samples));
        List<String> names = new ArrayList<>(samples.keySet());
        java.util.Random pick = new java.util.Random(SEED + 1);
        Map<Integer, Integer> statuses = new TreeMap<>();
        AwsCallCounter.block(true);
        for (int i = 0; i < RUNTIME_CASES; i++) {
            String name = names.get(pick.nextInt(names.size()));
            Mutant mutant = mutator.mutate(name, samples.get(name));
            int status = io.restassured.RestAssured.given().contentType("application/json").body(mutant.bytes()).post()
                    .then().extract().statusCode();
            statuses.merge(status, 1, Integer::sum);
        }
        AwsCallCounter.block(false);
        System.out.printf("FUZZ runtime loop: %d mutated events, HTTP statuses %s%n", RUNTIME_CASES, statuses);

        Lambda.invoke(SampleEvents.read("s3-public-bucket", "delete-bucket-public-access-block")).statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("decided"))
                .body("decisions[0].actions[0].outcome", org.hamcrest.Matchers.equalTo("applied"));
        assertTrue(s3.getPublicAccessBlock(b -> b.bucket("tg-demo-data")).publicAccessBlockConfiguration().blockPublicAcls(),
                "the runtime still serves and remediates after the mutated events");
        assertEquals(RUNTIME_CASES, statuses.values().stream().mapToInt(Integer::intValue).sum());
    }

    /** A finding only ever names a resource in AWS's own format: crafted identifiers never reach a request. */
    private static void wellFormed(List<String> problems, AuditRecord record, Mutant mutant) {
        if (record.resource() == null) {
            return;
        }
        String type = record.resource().substring(0, record.resource().indexOf(' '));
        String id = record.resource().substring(record.resource().indexOf(' ') + 1);
        boolean ok = switch (type) {
            case ResourceRef.S3_BUCKET -> AwsIdentifiers.isBucketName(id);
            case ResourceRef.CLOUDTRAIL_TRAIL -> AwsIdentifiers.isTrailNameOrArn(id);
            case ResourceRef.IAM_USER, ResourceRef.IAM_ROLE, ResourceRef.IAM_GROUP -> AwsIdentifiers.isIamName(id);
            default -> true;
        };
        if (!ok) {
            problem(problems, "finding on a malformed identifier " + AwsIdentifiers.quote(id) + ": " + mutant);
        }
    }

    private List<String> handlers() {
        TreeSet<String> handlers = new TreeSet<>();
        handlers.add(PolicyRegistry.ALL);
        registry.policies().values().forEach(p -> handlers.add(p.policy().handler()));
        return List.copyOf(handlers);
    }

    private Map<String, JsonNode> samples() throws Exception {
        Map<String, JsonNode> samples = new LinkedHashMap<>();
        for (Path path : SampleEvents.all()) {
            samples.put(SampleEvents.ROOT.relativize(path).toString(), mapper.readTree(Files.readAllBytes(path)));
        }
        return samples;
    }

    private static List<String> eventNames(Map<String, JsonNode> samples) {
        return samples.values().stream().map(s -> s.path("detail").path("eventName").asText(null))
                .filter(n -> n != null).distinct().sorted().toList();
    }

    private static void count(Map<String, Integer> outcomes, String outcome) {
        outcomes.merge(outcome, 1, Integer::sum);
    }

    private static void problem(List<String> problems, String problem) {
        if (problems.size() < 1000) {
            problems.add(problem.length() > 600 ? problem.substring(0, 600) + "…" : problem);
        }
    }
}
