package io.trailguard.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.junit.QuarkusTest;
import io.trailguard.SampleEvents;
import io.trailguard.event.CloudTrailLogs;
import io.trailguard.rules.ValidateRulesCommandTest;

/**
 * The replay command over files of every shape: it survives bad files and records, counts what it read and
 * would have done, filters by policy and time, writes JSON lines, and gates CI with --fail-on.
 */
@QuarkusTest
class ReplayCommandTest {

    @Inject
    ReplayCommand replay;
    @Inject
    ObjectMapper mapper;

    @TempDir
    Path dir;

    @Test
    void summarisesFindingsSkipsAndRejections() throws Exception {
        Files.writeString(dir.resolve("a.json"), SampleEvents.read("s3-public-bucket", "put-bucket-acl-canned-public-read"));
        Files.createDirectories(dir.resolve("nested"));
        Files.writeString(dir.resolve("nested/b.json"), SampleEvents.read("s3-public-bucket", "failed-call-access-denied"));
        Files.writeString(dir.resolve("nested/broken.json"), "{\"detail-type\": ");
        Files.writeString(dir.resolve("ignored.txt"), "not an event file");

        Run run = run(dir.toString());

        assertEquals(0, run.exit);
        assertEquals(3, run.count("read"), run.out);
        assertEquals(2, run.count("decided"), run.out);
        assertEquals(1, run.count("malformed"), run.out);
        assertTrue(run.out.contains(dir.resolve("nested/broken.json") + ":1:"), run.out);
        // the failed call is an attempt: a MEDIUM finding whose actions would not have been taken
        assertTrue(run.out.matches("(?s).*s3-public-bucket\\s+2\\s+2\\s+0\\s+0\\s+1\\s+1\\s.*"), "matched 2, findings 2, skipped 0, HIGH 1, MEDIUM 1: " + run.out);
        assertFalse(run.out.matches("(?s).*s3-public-bucket\\s+MEDIUM\\s.*"), run.out);
        assertTrue(run.out.matches("(?s).*s3-public-bucket\\s+HIGH\\s+s3\\.remove-public-acl-grants\\s+1\\n.*"), run.out);
        assertTrue(run.out.matches("(?s).*s3-public-bucket\\s+HIGH\\s+s3\\.block-public-access\\s+1\\n.*"), run.out);
        assertTrue(run.out.matches("(?s).*3 events in [0-9.]+ s .*events/s.*"), run.out);
    }

    @Test
    void readsGzipLogFilesJsonLinesAndSqsBatchesTogether() throws Exception {
        List<JsonNode> records = new ArrayList<>(CloudTrailLogs.benignReads(300));
        records.set(10, CloudTrailLogs.record("cloudtrail-tampering", "stop-logging-by-name"));
        records.set(20, IntNode.valueOf(3));
        ((ObjectNode) records.get(30)).put("eventType", "AwsServiceEvent");
        Files.createDirectories(dir.resolve("AWSLogs"));
        Files.write(dir.resolve("AWSLogs/trail.json.gz"), CloudTrailLogs.gzip(records));
        Files.writeString(dir.resolve("events.jsonl"), oneLine(SampleEvents.read("iam-new-credentials", "create-user")) + "\n"
                + oneLine(SampleEvents.read("iam-admin-granted", "attach-user-policy-administrator")) + "\n");
        ObjectNode batch = mapper.createObjectNode();
        batch.putArray("Records").addObject().put("messageId", "m-1").put("eventSource", "aws:sqs")
                .put("body", SampleEvents.read("s3-public-bucket", "delete-bucket-public-access-block"));
        Files.writeString(dir.resolve("sqs-batch.json"), mapper.writeValueAsString(batch));

        Run run = run(dir.toString());

        assertEquals(303, run.count("read"), run.out);
        assertEquals(301, run.count("decided"), run.out);
        assertEquals(1, run.count("malformed"), run.out);
        assertEquals(1, run.count("eventType AwsServiceEvent (not an API call or console sign-in)"), run.out);
        assertTrue(run.out.contains(dir.resolve("AWSLogs/trail.json.gz") + " Records[20]: not a JSON object"), run.out);
        for (String row : List.of("cloudtrail-tampering\\s+CRITICAL\\s+cloudtrail\\.start-logging\\s+1",
                "iam-admin-granted\\s+CRITICAL\\s+iam\\.detach-managed-policy\\s+1",
                "s3-public-bucket\\s+HIGH\\s+s3\\.block-public-access\\s+1")) {
            assertTrue(run.out.matches("(?s).*" + row + "\\n.*"), row + " in " + run.out);
        }
    }

    @Test
    void onlyAndTimeWindowFilterTheDecisionsAndJsonListsEachOne() throws Exception {
        Files.writeString(dir.resolve("events.jsonl"), String.join("\n",
                oneLine(at(SampleEvents.read("iam-new-credentials", "create-user"), "2026-11-19T23:59:59Z")),
                oneLine(at(SampleEvents.read("iam-new-credentials", "create-access-key-for-user"), "2026-11-20T10:00:00Z")),
                oneLine(at(SampleEvents.read("s3-public-bucket", "put-bucket-policy-public"), "2026-11-20T11:00:00Z")),
                oneLine(at(SampleEvents.read("iam-new-credentials", "create-user"), "2026-11-21T00:00:00Z"))));

        Run run = run("--format", "json", "--only", "iam-new-credentials", "--since", "2026-11-20", "--until", "2026-11-20",
                dir.toString());

        assertEquals(0, run.exit);
        List<JsonNode> lines = new ArrayList<>();
        for (String line : run.out.split("\n")) {
            lines.add(mapper.readTree(line));
        }
        assertEquals(1, lines.size(), run.out);
        assertEquals("iam-new-credentials", lines.get(0).path("policy").asText());
        assertEquals("CreateAccessKey", lines.get(0).path("eventName").asText());
        assertEquals("dry-run", lines.get(0).path("mode").asText());
        assertEquals("would-apply", lines.get(0).path("actions").get(0).path("outcome").asText());
        assertTrue(run.err.matches("(?s).*outside --since/--until\\s+2\\n.*"), "the summary goes to stderr: " + run.err);
    }

    @Test
    void failOnGatesOnTheHighestSeverity() throws Exception {
        Files.writeString(dir.resolve("a.json"), SampleEvents.read("s3-public-bucket", "put-bucket-acl-canned-public-read"));

        assertEquals(0, run("--fail-on", "critical", dir.toString()).exit);
        Run high = run("--fail-on", "HIGH", dir.toString());
        assertEquals(1, high.exit);
        assertTrue(high.out.contains("1 findings at or above HIGH (--fail-on)"), high.out);
    }

    @Test
    void replayedEventsAndEnforcedPoliciesStayDryRun() throws Exception {
        // %test configures iam-admin-granted in enforce: the replay still makes no AWS call
        Files.writeString(dir.resolve("a.json"), SampleEvents.read("iam-admin-granted", "replayed-from-archive"));
        Files.writeString(dir.resolve("b.json"), SampleEvents.read("iam-admin-granted", "attach-user-policy-administrator"));

        Run run = run("--format", "json", dir.toString());

        for (String line : run.out.split("\n")) {
            JsonNode record = mapper.readTree(line);
            assertEquals("dry-run", record.path("mode").asText(), line);
            assertEquals("would-apply", record.path("actions").get(0).path("outcome").asText(), line);
        }
        assertTrue(run.out.contains("\"replay\":true"), run.out);
    }

    @Test
    void withoutPathsReadsTheBundledSamples() throws Exception {
        Run run = run();

        assertEquals(0, run.exit, run.out);
        assertTrue(run.count("read") > 400, run.out);
        assertEquals(0, run.count("malformed"), run.out);
        for (String row : List.of("cloudtrail-tampering\\s+CRITICAL\\s+cloudtrail\\.start-logging", "iam-admin-granted\\s+CRITICAL\\s+iam\\.detach-managed-policy",
                "iam-new-credentials\\s+HIGH\\s+iam\\.deactivate-access-key", "s3-public-bucket\\s+HIGH\\s+s3\\.remove-public-acl-grants")) {
            assertTrue(run.out.matches("(?s).*" + row + "\\s.*"), row + " in " + run.out);
        }
    }

    @Test
    void usageErrorsAndMissingPathsExitWithTwo() {
        Run unknown = run("--frobnicate");
        assertEquals(2, unknown.exit);
        assertTrue(unknown.out.contains("unknown option --frobnicate") && unknown.out.contains("usage: replay"), unknown.out);
        assertEquals(2, run("--only", "no-such-policy", dir.toString()).exit);
        assertEquals(2, run("--since", "yesterday", dir.toString()).exit);
        Run noThreads = run("--jobs", "0", dir.toString());
        assertEquals(2, noThreads.exit);
        assertTrue(noThreads.out.contains("--jobs takes a number of threads, 1 or more, not 0"), noThreads.out);
        Run missing = run(dir.resolve("nothing-here").toString());
        assertEquals(2, missing.exit);
        assertTrue(missing.out.contains("no event file at " + dir.resolve("nothing-here")), missing.out);
    }

    @Test
    void globsAreExpanded() throws Exception {
        Files.createDirectories(dir.resolve("a/b"));
        Files.write(dir.resolve("a/b/one.json.gz"), CloudTrailLogs.gzip(CloudTrailLogs.benignReads(5)));
        Files.write(dir.resolve("a/two.json.gz"), CloudTrailLogs.gzip(CloudTrailLogs.benignReads(7)));
        Files.writeString(dir.resolve("a/b/skip.json"), SampleEvents.read("s3-public-bucket", "put-bucket-acl-canned-public-read"));

        assertEquals(5, run(dir + "/a/**/*.json.gz").count("read"));
        assertEquals(12, run(dir + "/a/**.gz").count("read"));
    }

    @Test
    void candidateRulesFromAFileDecideInTheReplayAndInvalidOnesAreToldNotRun() throws Exception {
        Files.writeString(dir.resolve("a.json"), SampleEvents.read("s3-bucket-deleted", "delete-bucket-policy"));
        Path rules = Files.writeString(dir.resolve("mine.yaml"), ValidateRulesCommandTest.BUCKET_POLICY_CHANGED);

        Run run = run("--format", "json", "--rules", rules.toString(), dir.resolve("a.json").toString());
        assertEquals(0, run.exit, run.err);
        assertTrue(run.err.contains("candidate rules from " + rules + ": bucket-policy-changed"), run.err);
        JsonNode line = mapper.readTree(run.out.lines().filter(l -> l.contains("bucket-policy-changed")).findFirst().orElseThrow());
        assertEquals("MEDIUM", line.path("severity").asText(), run.out);
        assertTrue(line.path("findings").get(0).asText().startsWith("policy of "), run.out);

        Path bad = Files.writeString(dir.resolve("bad.yaml"), ValidateRulesCommandTest.BUCKET_POLICY_CHANGED.replace("severity: MEDIUM", "severity: DIRE"));
        Run invalid = run("--rules", bad.toString(), dir.resolve("a.json").toString());
        assertEquals(2, invalid.exit, invalid.out);
        assertTrue(invalid.out.contains("rule bucket-policy-changed, field severity: unknown severity DIRE"), invalid.out);
        assertFalse(invalid.out.contains("events in"), "nothing replayed: " + invalid.out);
    }

    /**
     * The differential proof for the decide path: every decision over the bundled history and the sample events,
     * as JSON lines without their timestamps and durations, and the summary without its rate line, are those of
     * the golden file, written by the path that built the whole model of every event and matched it after.
     */
    @Test
    void decisionsOverTheBundledHistoryAreTheGoldenOnes() throws Exception {
        Path odd = oddVariants();
        String actual = decisions(run("--format", "json", "--jobs", "1", "src/samples", "src/test/resources/events", odd.toString()));
        // files read on three threads: the same decisions, in the same order
        assertEquals(actual, decisions(run("--format", "json", "--jobs", "3", "src/samples", "src/test/resources/events", odd.toString())));
        Path golden = Path.of("src/test/resources/replay/decisions.golden.txt");
        if (!Files.exists(golden) || !Files.readString(golden).equals(actual)) {
            Files.createDirectories(Path.of("target"));
            Files.writeString(Path.of("target/replay-decisions.actual.txt"), actual);
        }
        assertTrue(Files.exists(golden), "no golden file; this run's decisions are in target/replay-decisions.actual.txt");
        assertEquals(Files.readString(golden), actual, "diff target/replay-decisions.actual.txt against the golden");
    }

    /**
     * On several threads, runs of calls no policy matches reach the summary as counts made on the readers' threads:
     * the figures, the findings and the JSON decisions are those of one thread, with or without a time window.
     */
    @Test
    void manyUnmatchedRecordsOnTwoThreadsGiveTheSummaryOfOne() throws Exception {
        for (int f = 0; f < 3; f++) {
            List<JsonNode> records = new ArrayList<>(CloudTrailLogs.benignReads(20_000));
            records.set(7 + f, CloudTrailLogs.record("cloudtrail-tampering", "stop-logging-by-name"));
            records.set(15_000, CloudTrailLogs.record("iam-admin-granted", "attach-user-policy-administrator"));
            records.set(15_001, IntNode.valueOf(3));
            ((ObjectNode) records.get(19_999)).put("eventType", "AwsServiceEvent");
            Files.write(dir.resolve("trail-" + f + ".json.gz"), CloudTrailLogs.gzip(records));
        }

        Run one = run("--jobs", "1", dir.toString());
        Run two = run("--jobs", "2", dir.toString());

        assertEquals(60_000, one.count("read"), one.out);
        assertEquals(59_994, one.count("decided"), one.out);
        assertEquals(59_988, one.count("matched by no policy"), one.out);
        assertTrue(one.out.matches("(?s).*cloudtrail-tampering\\s+CRITICAL\\s+cloudtrail\\.start-logging\\s+3\\n.*"), one.out);
        assertEquals(withoutRate(one.out), withoutRate(two.out));
        assertEquals(decisions(run("--format", "json", "--jobs", "1", dir.toString())),
                decisions(run("--format", "json", "--jobs", "2", dir.toString())));
        Run windowOne = run("--jobs", "1", "--since", "2000-01-01", dir.toString());
        assertEquals(59_994, windowOne.count("decided"), windowOne.out);
        assertEquals(withoutRate(windowOne.out), withoutRate(run("--jobs", "2", "--since", "2000-01-01", dir.toString()).out));
    }

    private static String withoutRate(String summary) {
        return summary.replaceAll("[0-9,]+ events in [^\\n]*", "");
    }

    /**
     * Every sample event once more with one field of an odd type, shape or name (cycling through them): fields
     * left out of the model, read as text, or rejecting the event; an array where a string belongs; a dotted name.
     */
    private Path oddVariants() throws Exception {
        List<java.util.function.Consumer<ObjectNode>> odd = List.of(
                e -> detail(e).putObject("userAgent").put("x", 1),
                e -> identity(e).putObject("arn").put("x", 1),
                e -> e.put("account", 42),
                e -> detail(e).put("errorCode", 5),
                e -> detail(e).put("requestParameters", "text"),
                e -> detail(e).putArray("eventName").add(detail(e).path("eventName").asText()),
                e -> e.put("detail.eventName", "StopLogging"),
                e -> e.put("resources", "x"),
                e -> identity(e).put("sessionContext", ""),
                e -> e.putArray("region"),
                e -> identity(e).put("type", 7),
                e -> detail(e).put("readOnly", "yes"),
                e -> detail(e).putObject("resources").put("ARN", 1),
                e -> detail(e).putNull("userIdentity"),
                e -> detail(e).put("eventTime", 12));
        StringBuilder lines = new StringBuilder();
        List<Path> samples = SampleEvents.all();
        for (int i = 0; i < samples.size(); i++) {
            ObjectNode event = (ObjectNode) mapper.readTree(samples.get(i).toFile());
            odd.get(i % odd.size()).accept(event);
            lines.append(mapper.writeValueAsString(event)).append('\n');
        }
        Path file = Path.of("target/replay-odd/odd.jsonl");
        Files.createDirectories(file.getParent());
        Files.writeString(file, lines);
        return file;
    }

    private static ObjectNode detail(ObjectNode event) {
        return (ObjectNode) event.get("detail");
    }

    private static ObjectNode identity(ObjectNode event) {
        return detail(event).get("userIdentity") instanceof ObjectNode identity ? identity : detail(event).putObject("userIdentity");
    }

    private String decisions(Run run) throws Exception {
        assertEquals(0, run.exit, run.err);
        StringBuilder text = new StringBuilder();
        for (String line : run.out.split("\n")) {
            ObjectNode record = (ObjectNode) mapper.readTree(line);
            record.remove(List.of("time", "durationMicros"));
            text.append(portsInOrder(mapper.writeValueAsString(record))).append('\n');
        }
        for (String line : run.err.split("\n")) {
            if (!line.matches("[0-9,]+ events in .*")) {
                text.append(line).append('\n');
            }
        }
        return text.toString();
    }

    /** network-exposed names its allowed ports in the order of a Set.copyOf, which differs from one JVM to the next. */
    private static String portsInOrder(String line) {
        Matcher ports = Pattern.compile("allowed ports \\[([0-9, ]+)\\]").matcher(line);
        return ports.replaceAll(m -> "allowed ports " + java.util.Arrays.stream(m.group(1).split(", ")).map(Integer::valueOf).sorted().toList());
    }

    private Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = replay.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                false, args);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private String at(String event, String time) throws Exception {
        ObjectNode tree = (ObjectNode) mapper.readTree(event);
        ((ObjectNode) tree.get("detail")).put("eventTime", time);
        return mapper.writeValueAsString(tree);
    }

    private String oneLine(String json) throws Exception {
        return mapper.writeValueAsString(mapper.readTree(json));
    }

    record Run(int exit, String out, String err) {

        /** The count on the summary row whose label is {@code label}. */
        long count(String label) {
            Matcher m = Pattern.compile("(?m)^\\s+" + Pattern.quote(label) + "\\s+([0-9,]+)$").matcher(out);
            return m.find() ? Long.parseLong(m.group(1).replace(",", "")) : -1;
        }
    }
}
