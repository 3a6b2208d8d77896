package io.trailguard.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.junit.QuarkusTest;
import io.trailguard.AwsCallCounter;
import io.trailguard.CapturingAuditLog;
import io.trailguard.Lambda;
import io.trailguard.MotoServer;
import io.trailguard.SampleEvents;
import io.trailguard.event.EventReader;
import io.trailguard.event.InvalidEventException;
import io.trailguard.handler.BatchReplayInterceptor;
import io.trailguard.handler.InputRouter;
import io.trailguard.handler.InterceptionResult;
import io.trailguard.handler.Interceptor;
import io.trailguard.handler.LogFileInterceptor;
import io.trailguard.handler.LogFilesResult;
import io.trailguard.handler.RemediationFailedException;
import io.trailguard.handler.SqsBatchInterceptor;
import io.trailguard.handler.SqsBatchResponse;
import io.trailguard.hardening.EventMutator.Mutant;
import io.trailguard.notify.AuditRecord;
import io.trailguard.engine.CounterStore;
import io.trailguard.engine.InMemoryCounterStore;
import io.trailguard.predicates.AwsIdentifiers;
import io.trailguard.policy.ActionResult;
import io.trailguard.policy.Deadline;
import io.trailguard.engine.PolicyRegistry;
import io.trailguard.policy.ResourceRef;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Bad input, at volume: seeded mutations of every policy's sample events (so new policies' samples join
 * automatically) go through every handler in-process by every input path (EventBridge event, SQS batch,
 * CloudTrail log file named by an S3 notification), and a few hundred through the Lambda runtime loop.
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
    /** Log files read from moto's S3 (the other log files come from memory, to keep the run short). */
    static final int S3_FILES = Integer.getInteger("fuzz.s3-files", 10);
    static final String TRAIL_BUCKET = "org-trail-logs";
    /**
     * On the SQS and log-file paths each batch or file goes through {@code all} (every policy) and one other
     * handler in turn, which keeps the run short; true sends each through every handler (about 80 s more).
     */
    static final boolean EVERY_HANDLER_ON_EVERY_PATH = Boolean.getBoolean("fuzz.every-handler-on-every-path");
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
    @Inject
    EventReader reader;
    @Inject
    InputRouter router;
    @Inject
    BatchReplayInterceptor batchReplay;

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
        forgetFuzzedSignInFailures();
    }

    /**
     * sign-in-failures counts failures per principal (in memory in this profile), and mutated event ids count as new
     * failures: the tests after this one (the sample decisions) expect a fresh count, as after a cold start.
     */
    private static void forgetFuzzedSignInFailures() {
        ((InMemoryCounterStore) io.quarkus.arc.Arc.container().instance(CounterStore.class).get()).clear();
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
                Audited audited = audited(records, handler, mutant, outcomes, problems);
                if (audited.rejections() > 0) {
                    outcome = "rejected";
                }
                boolean actionable = audited.finding();
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

    @Test
    void mutatedSqsBatchesThroughEveryHandler() throws Exception {
        List<String> handlers = handlers();
        Map<String, JsonNode> samples = samples();
        EventMutator mutator = new EventMutator(SEED + 2, mapper, eventNames(samples));
        List<String> names = new ArrayList<>(samples.keySet());
        Random pick = new Random(SEED + 2);
        Map<String, Integer> outcomes = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        long invocations = 0;
        long start = System.nanoTime();
        AwsCallCounter.block(true);
        for (int sent = 0, batches = 0; sent < CASES; batches++) {
            int size = Math.min(CASES - sent, 1 + pick.nextInt(10));
            ObjectNode batch = mapper.createObjectNode();
            ArrayNode records = batch.putArray("Records");
            List<String> ids = new ArrayList<>();
            Set<String> undecidable = new HashSet<>();
            Map<String, String> eventIds = new HashMap<>();
            List<Mutant> mutants = new ArrayList<>();
            for (int m = 0; m < size; m++, sent++) {
                String name = names.get(pick.nextInt(names.size()));
                Mutant mutant = mutator.mutate(name, samples.get(name));
                mutants.add(mutant);
                String id = "msg-" + sent;
                ids.add(id);
                ObjectNode record = records.addObject().put("messageId", id).put("receiptHandle", "AQEB" + id).put("eventSource", "aws:sqs")
                        .put("eventSourceARN", "arn:aws:sqs:us-east-1:123456789012:trailguard-events").put("awsRegion", "us-east-1");
                // the record itself damaged now and then: no body, or a body that is not text
                int damage = pick.nextInt(50);
                String body = damage == 0 ? null : new String(mutant.bytes(), StandardCharsets.UTF_8);
                if (damage == 1) {
                    record.put("body", 7);
                } else if (body != null) {
                    record.put("body", body);
                }
                try {
                    if (damage <= 1) {
                        throw new InvalidEventException("no body");
                    }
                    eventIds.put(id, reader.read(body.getBytes(StandardCharsets.UTF_8)).event().eventId());
                } catch (InvalidEventException e) {
                    undecidable.add(id);
                }
            }
            byte[] input = mapper.writeValueAsBytes(batch);
            Map<String, Long> sharedEventIds = new HashMap<>();
            eventIds.values().forEach(e -> sharedEventIds.merge(e, 1L, Long::sum));
            for (String handler : pathHandlers(handlers, batches)) {
                long calls = AwsCallCounter.calls();
                long lines = audit.total();
                audit.clearLatest();
                Object response;
                try {
                    response = router.intercept(input, handler, Deadline.unknown());
                } catch (Throwable e) {
                    problem(problems, "uncaught " + e + " on an SQS batch on " + handler + ": " + mutants);
                    continue;
                }
                invocations++;
                String what = "SQS batch on " + handler + " of " + mutants;
                if (!(response instanceof SqsBatchResponse batchResponse)) {
                    problem(problems, "not a batch response (" + response + ") on " + what);
                    continue;
                }
                Set<String> listed = new HashSet<>();
                batchResponse.batchItemFailures().forEach(f -> listed.add(f.itemIdentifier()));
                List<AuditRecord> audited = audit.latest();
                if (audit.total() - lines < size) {
                    problem(problems, (audit.total() - lines) + " audit lines for " + size + " messages on " + what);
                }
                Audited result = audited(audited, handler, what, outcomes, problems);
                if (result.rejections() != undecidable.size()) {
                    problem(problems, result.rejections() + " rejections for " + undecidable.size() + " undecidable messages on " + what);
                }
                for (String id : ids) {
                    String eventId = eventIds.get(id);
                    if (sharedEventIds.getOrDefault(eventId, 0L) > 1) {
                        // the same sample twice in the batch: which message failed cannot be told. The samples keep their
                        // event ids, so stateful policies (sign-in-failures counts per event id) see nothing new
                        continue;
                    }
                    boolean expected = undecidable.contains(id) || result.failedEventIds().contains(eventId);
                    if (expected != listed.remove(id)) {
                        problem(problems, id + (expected ? " not listed" : " listed") + " as a batch item failure on " + what);
                    }
                    count(outcomes, undecidable.contains(id) ? "message rejected, listed" : expected ? "message failed, listed" : "message done");
                }
                listed.removeIf(id -> eventIds.containsKey(id) && sharedEventIds.getOrDefault(eventIds.get(id), 0L) > 1);
                if (!listed.isEmpty()) {
                    problem(problems, "unknown messages " + listed + " listed on " + what);
                }
                if (AwsCallCounter.calls() > calls && !result.finding()) {
                    problem(problems, (AwsCallCounter.calls() - calls) + " AWS calls " + AwsCallCounter.recent() + " without a finding on " + what);
                }
            }
        }
        AwsCallCounter.block(false);
        report("SQS batches", invocations, CASES, start, outcomes, problems);
    }

    @Test
    void mutatedLogFilesThroughEveryHandler() throws Exception {
        List<String> handlers = handlers();
        Map<String, JsonNode> samples = samples();
        LogFileMaker maker = new LogFileMaker(samples, SEED + 3);
        // the real router and log file reader, over an S3 held in memory
        ObjectsInMemory objects = new ObjectsInMemory();
        LogFileInterceptor logFiles = new LogFileInterceptor(objects, reader, interceptor);
        InputRouter fromMemory = new InputRouter(reader, interceptor, new SqsBatchInterceptor(reader, interceptor, logFiles), logFiles,
                batchReplay);
        Map<String, Integer> outcomes = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        long invocations = 0;
        long start = System.nanoTime();
        AwsCallCounter.block(true);
        for (int file = 0; maker.records() < CASES; file++) {
            LogFile log = maker.next(CASES - maker.records());
            String key = "AWSLogs/123456789012/CloudTrail/us-east-1/2026/11/25/fuzz-" + file + ".json.gz";
            objects.put(TRAIL_BUCKET, key, log.gzip());
            invocations += logFileThroughEveryHandler(fromMemory, key, log, pathHandlers(handlers, file), outcomes, problems);
            objects.remove(TRAIL_BUCKET, key);
        }
        AwsCallCounter.block(false);
        report("log files", invocations, maker.records(), start, outcomes, problems);
    }

    @Test
    void mutatedLogFilesFromS3() throws Exception {
        MotoServer.reset();
        s3.createBucket(b -> b.bucket(TRAIL_BUCKET));
        List<String> handlers = handlers();
        LogFileMaker maker = new LogFileMaker(samples(), SEED + 4);
        List<String> keys = new ArrayList<>();
        List<LogFile> logs = new ArrayList<>();
        for (int file = 0; file < S3_FILES; file++) {
            LogFile log = maker.next(Integer.MAX_VALUE);
            String key = "AWSLogs/123456789012/CloudTrail/us-east-1/2026/11/25/fuzz-s3-" + file + ".json.gz";
            s3.putObject(b -> b.bucket(TRAIL_BUCKET).key(key), RequestBody.fromBytes(log.gzip()));
            keys.add(key);
            logs.add(log);
        }
        Map<String, Integer> outcomes = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        long invocations = 0;
        long start = System.nanoTime();
        long reads = AwsCallCounter.calls("S3.GetObject");
        AwsCallCounter.block(true, Set.of("S3.GetObject"));
        for (int file = 0; file < keys.size(); file++) {
            invocations += logFileThroughEveryHandler(router, keys.get(file), logs.get(file), pathHandlers(handlers, file), outcomes, problems);
        }
        AwsCallCounter.block(false);
        report("log files from S3", invocations, maker.records(), start, outcomes, problems);
        assertEquals(invocations, AwsCallCounter.calls("S3.GetObject") - reads, "each invocation read its log file from S3");
    }

    /** The handlers the {@code n}th batch or file goes through: all of them, or {@code all} and the next of the others. */
    private static List<String> pathHandlers(List<String> handlers, int n) {
        if (EVERY_HANDLER_ON_EVERY_PATH) {
            return handlers;
        }
        List<String> others = handlers.stream().filter(h -> !PolicyRegistry.ALL.equals(h)).toList();
        return List.of(PolicyRegistry.ALL, others.get(n % others.size()));
    }

    /** Sends the S3 notification of one log file through each handler and checks what comes back; returns the invocations. */
    private int logFileThroughEveryHandler(InputRouter via, String key, LogFile log, List<String> handlers, Map<String, Integer> outcomes,
            List<String> problems) throws IOException {
        byte[] notification = mapper.writeValueAsBytes(notification(key));
        int invocations = 0;
        for (String handler : handlers) {
            long calls = AwsCallCounter.calls() - AwsCallCounter.calls("S3.GetObject");
            long lines = audit.total();
            audit.clearLatest();
            String what = "log file of " + log.records() + " records on " + handler + ": " + log.mutants();
            Object response;
            boolean failed = false;
            try {
                response = via.intercept(notification, handler, Deadline.unknown());
            } catch (RemediationFailedException e) {
                response = null;
                failed = true;
            } catch (Throwable e) {
                problem(problems, "uncaught " + e + " on " + what);
                continue;
            }
            invocations++;
            List<AuditRecord> audited = audit.latest();
            Audited result = audited(audited, handler, what, outcomes, problems);
            if (audit.total() - lines != audited.size()) {
                problem(problems, "more audit lines than kept (" + (audit.total() - lines) + ") on " + what);
            }
            if (failed) {
                count(outcomes, "invocation failed invocation");
                if (!result.failedAction()) {
                    problem(problems, "invocation failed without a failed remediation on " + what);
                }
            } else if (response instanceof LogFilesResult files && files.files().size() == 1) {
                LogFilesResult.LogFile read = files.files().get(0);
                count(outcomes, "invocation read");
                outcomes.merge("records decided on", read.events(), Integer::sum);
                outcomes.merge("records skipped (not an API call or sign-in)", read.skipped(), Integer::sum);
                outcomes.merge("records malformed", read.malformed(), Integer::sum);
                if (read.events() + read.skipped() + read.malformed() != log.records()) {
                    problem(problems, "read " + read + " of " + what);
                }
                if (read.malformed() != result.rejections()) {
                    problem(problems, result.rejections() + " rejections for " + read.malformed() + " malformed records on " + what);
                }
                if (result.failedAction()) {
                    problem(problems, "a remediation failed but the invocation did not on " + what);
                }
            } else {
                problem(problems, "unexpected response " + response + " on " + what);
            }
            long madeCalls = AwsCallCounter.calls() - AwsCallCounter.calls("S3.GetObject") - calls;
            if (madeCalls > 0 && !result.finding()) {
                problem(problems, madeCalls + " AWS calls " + AwsCallCounter.recent() + " without a finding on " + what);
            }
        }
        return invocations;
    }

    private ObjectNode notification(String key) {
        ObjectNode notification = mapper.createObjectNode();
        ObjectNode record = notification.putArray("Records").addObject().put("eventVersion", "2.1").put("eventSource", "aws:s3")
                .put("awsRegion", "us-east-1").put("eventTime", "2026-11-25T10:20:00.000Z").put("eventName", "ObjectCreated:Put");
        ObjectNode s3Entity = record.putObject("s3");
        s3Entity.putObject("bucket").put("name", TRAIL_BUCKET).put("arn", "arn:aws:s3:::" + TRAIL_BUCKET);
        s3Entity.putObject("object").put("key", key);
        return notification;
    }

    /** A gzip CloudTrail log file of mutated records; {@code records} is how many items its Records array holds. */
    record LogFile(byte[] gzip, int records, List<Mutant> mutants) {
    }

    /**
     * Makes log files of 1–20 mutated records: the mutated event's {@code detail} as CloudTrail writes it (or the
     * whole event when its detail is gone), now and then an item that is not an object, and at most one
     * byte-damaged record, last, since broken JSON ends the file.
     */
    private final class LogFileMaker {
        private final Map<String, JsonNode> samples;
        private final List<String> names;
        private final EventMutator mutator;
        private final Random pick;
        private int made;

        LogFileMaker(Map<String, JsonNode> samples, long seed) {
            this.samples = samples;
            this.names = new ArrayList<>(samples.keySet());
            this.mutator = new EventMutator(seed, mapper, eventNames(samples));
            this.pick = new Random(seed);
        }

        int records() {
            return made;
        }

        LogFile next(int atMost) throws IOException {
            int size = Math.min(atMost, 1 + pick.nextInt(20));
            List<Mutant> mutants = new ArrayList<>();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            // the fastest compression: the padding of the big mutants would take seconds at the default level
            try (GZIPOutputStream gzip = new GZIPOutputStream(bytes) {
                {
                    def.setLevel(Deflater.BEST_SPEED);
                }
            }) {
                gzip.write("{\"Records\":[".getBytes(StandardCharsets.UTF_8));
                boolean damaged = false;
                for (int i = 0; i < size; i++) {
                    String name = names.get(pick.nextInt(names.size()));
                    Mutant mutant = mutator.mutate(name, samples.get(name));
                    mutants.add(mutant);
                    made++;
                    if (i > 0) {
                        gzip.write(',');
                    }
                    JsonNode tree = tree(mutant.bytes());
                    if (tree == null) {
                        gzip.write(mutant.bytes().length == 0 ? new byte[] { '{' } : mutant.bytes());
                        size = i + 1;
                        damaged = true;
                        break;
                    }
                    JsonNode detail = tree.get("detail");
                    JsonNode record = pick.nextInt(50) == 0 ? IntNode.valueOf(7) : detail != null && detail.isObject() ? detail : tree;
                    gzip.write(mapper.writeValueAsBytes(record));
                }
                // no closing after a byte-damaged record: a truncation ending inside an array would be healed by it into a
                // valid record, and the file then read as one record more than it holds
                if (!damaged) {
                    gzip.write("]}".getBytes(StandardCharsets.UTF_8));
                }
            }
            return new LogFile(bytes.toByteArray(), size, mutants);
        }

        private JsonNode tree(byte[] json) {
            try {
                JsonNode tree = mapper.readTree(json);
                return tree != null && tree.isObject() ? tree : null;
            } catch (IOException e) {
                return null;
            }
        }
    }

    /** What the audit lines of one invocation say, after checking each carries a reason and each finding a well-formed resource. */
    record Audited(boolean finding, boolean failedAction, int rejections, Set<String> failedEventIds) {
    }

    private static Audited audited(List<AuditRecord> records, String handler, Object what, Map<String, Integer> outcomes, List<String> problems) {
        boolean finding = false;
        boolean failedAction = false;
        int rejections = 0;
        Set<String> failedEventIds = new HashSet<>();
        for (AuditRecord record : records) {
            String reason = record.conclusion().skipped() != null ? record.conclusion().skipped() : record.conclusion().reason();
            if ((reason == null || reason.isBlank()) && !Boolean.TRUE.equals(record.conclusion().matched())) {
                problem(problems, "audit line without a reason on " + handler + ": " + what + " → " + record);
            }
            if (AuditRecord.REJECTED.equals(record.type())) {
                rejections++;
            } else if (AuditRecord.DECISION.equals(record.type())) {
                if (record.conclusion().skipped() != null) {
                    count(outcomes, record.conclusion().skipped().startsWith("undecidable") ? "skipped: undecidable" : "skipped");
                } else if (Boolean.TRUE.equals(record.conclusion().matched())) {
                    finding = true;
                    count(outcomes, "finding");
                    wellFormed(problems, record, what);
                } else {
                    count(outcomes, record.conclusion().reason() != null && record.conclusion().reason().startsWith("refused") ? "no finding: refused identifier"
                            : "no finding");
                }
                if (record.outcome() != null && record.outcome().actions().stream().anyMatch(a -> a.failed())) {
                    failedAction = true;
                    failedEventIds.add(record.eventId());
                }
            }
        }
        return new Audited(finding, failedAction, rejections, failedEventIds);
    }

    private static void report(String path, long invocations, int cases, long start, Map<String, Integer> outcomes,
            List<String> problems) throws IOException {
        System.out.printf("FUZZ %s: %d mutated events through %s, %d invocations in %d ms%n", path, cases,
                EVERY_HANDLER_ON_EVERY_PATH ? "every handler" : "'all' and one other handler in turn", invocations,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        outcomes.forEach((k, v) -> System.out.printf("FUZZ   %-44s %d%n", k, v));
        if (!problems.isEmpty()) {
            Files.write(Path.of("target", "fuzz-problems-" + path.replace(' ', '-') + ".txt"), problems);
            fail(problems.size() + " problems on " + path + " (first ones):\n" + String.join("\n", problems.subList(0, Math.min(20, problems.size()))));
        }
    }

    /**
     * A finding on a crafted identifier fails closed: it is alerted, but its actions are refused and its exemption tag
     * is not read, so the identifier never reaches a request.
     */
    private static void wellFormed(List<String> problems, AuditRecord record, Object mutant) {
        if (record.conclusion().resource() == null) {
            return;
        }
        String type = record.conclusion().resource().substring(0, record.conclusion().resource().indexOf(' '));
        String id = record.conclusion().resource().substring(record.conclusion().resource().indexOf(' ') + 1);
        boolean ok = switch (type) {
            case ResourceRef.S3_BUCKET -> AwsIdentifiers.isBucketName(id);
            case ResourceRef.CLOUDTRAIL_TRAIL -> AwsIdentifiers.isTrailNameOrArn(id);
            case ResourceRef.IAM_USER, ResourceRef.IAM_ROLE, ResourceRef.IAM_GROUP -> AwsIdentifiers.isIamName(id);
            default -> true;
        };
        if (ok) {
            return;
        }
        if (record.outcome().actions().stream().anyMatch(a -> !ActionResult.REFUSED.equals(a.outcome()))) {
            problem(problems, record.policy() + " acted on a malformed identifier " + AwsIdentifiers.quote(id) + ": "
                    + record.outcome().actions() + " on " + mutant);
        }
        boolean tagRead = !ResourceRef.IAM_GROUP.equals(type) && !"dry-run".equals(record.conclusion().mode());
        if (tagRead && record.conclusion().skipped() == null && record.outcome().exemptionTag() == null) {
            problem(problems, record.policy() + " read the tags of a malformed identifier " + AwsIdentifiers.quote(id) + ": " + mutant);
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
