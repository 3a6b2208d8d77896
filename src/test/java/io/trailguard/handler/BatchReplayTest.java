package io.trailguard.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.trailguard.AlertInbox;
import io.trailguard.Lambda;
import io.trailguard.MotoServer;
import io.trailguard.event.CloudTrailLogs;
import io.trailguard.notify.AlertTargetsProfile;
import io.trailguard.replay.ReplayCommand;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamType;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * The function as an S3 Batch Operations job calls it, against moto: a manifest of several CloudTrail log files is
 * decided in dry-run although every target and sink is on and the policies would alert (the alert-targets profile),
 * each decision lands in the S3 audit archive, and {@code replay --from-audit} reads the archive back into the same
 * tables a local replay of the same files prints. moto 5.2.1 has no S3 Control jobs (CreateJob is not implemented),
 * so the test plays Batch Operations' part: it sends the documented invocation, as the job would per manifest chunk.
 */
@QuarkusTest
@TestProfile(AlertTargetsProfile.class)
class BatchReplayTest {

    static final String TRAIL = "tg-org-trail";
    /** The alert-targets profile's audit bucket. */
    static final String AUDIT = "tg-audit";
    static final String PREFIX = "AWSLogs/123456789012/CloudTrail/us-east-1/2026/11/20/";

    @Inject
    S3Client s3;
    @Inject
    FirehoseClient firehose;
    @Inject
    SnsClient sns;
    @Inject
    ReplayCommand replay;
    @Inject
    ObjectMapper mapper;

    @TempDir
    Path dir;

    AlertInbox alerts;

    @BeforeEach
    void buckets() {
        MotoServer.reset();
        s3.createBucket(b -> b.bucket(TRAIL));
        s3.createBucket(b -> b.bucket(AUDIT));
        s3.createBucket(b -> b.bucket("tg-audit-firehose"));
        firehose.createDeliveryStream(b -> b.deliveryStreamName("tg-audit-stream").deliveryStreamType(DeliveryStreamType.DIRECT_PUT)
                .extendedS3DestinationConfiguration(c -> c.bucketARN("arn:aws:s3:::tg-audit-firehose")
                        .roleARN("arn:aws:iam::123456789012:role/firehose-delivery").prefix("siem/")));
        alerts = AlertInbox.create(sns);
    }

    @AfterEach
    void close() {
        alerts.close();
    }

    @Test
    void manifestOfLogFilesIsDecidedInDryRunAndReadBackLikeALocalReplay() throws Exception {
        List<JsonNode> first = new ArrayList<>(CloudTrailLogs.benignReads(40));
        first.set(7, CloudTrailLogs.record("s3-public-bucket", "put-bucket-acl-canned-public-read"));
        List<JsonNode> second = new ArrayList<>(CloudTrailLogs.benignReads(30));
        second.set(3, CloudTrailLogs.record("cloudtrail-tampering", "stop-logging-by-name"));
        second.set(4, IntNode.valueOf(3));
        List<JsonNode> third = List.of(CloudTrailLogs.record("iam-new-credentials", "create-user"),
                CloudTrailLogs.record("cloudtrail-tampering", "exempt-principal-break-glass"));
        Map<String, byte[]> files = new TreeMap<>(Map.of("a.json.gz", CloudTrailLogs.gzip(first), "b.json.gz", CloudTrailLogs.gzip(second),
                "c d.json.gz", CloudTrailLogs.gzip(third)));
        Files.createDirectories(dir.resolve("local"));
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            s3.putObject(b -> b.bucket(TRAIL).key(PREFIX + file.getKey()), RequestBody.fromBytes(file.getValue()));
            Files.write(dir.resolve("local").resolve(file.getKey()), file.getValue());
        }
        s3.putObject(b -> b.bucket(TRAIL).key("AWSLogs/123456789012/CloudTrail-Digest/us-east-1/2026/11/20/digest.json.gz"),
                RequestBody.fromString("{}"));
        s3.putObject(b -> b.bucket(TRAIL).key(PREFIX + "notes.txt"), RequestBody.fromString("not a log file"));

        // schema 2.0: the three files (a key with a space arrives URL-encoded), the digest, a missing key, a non-log file
        JsonNode answer = invoke(invocation("2.0", "a.json.gz", "b.json.gz", "c+d.json.gz", "gone.json.gz", "notes.txt", null));
        assertEquals("2.0", answer.path("invocationSchemaVersion").asText());
        assertEquals("inv-2.0", answer.path("invocationId").asText());
        assertEquals(List.of("Succeeded: 40 events, 1 decisions, 1 findings, 0 skipped, 0 malformed",
                "Succeeded: 29 events, 1 decisions, 1 findings, 0 skipped, 1 malformed",
                "Succeeded: 2 events, 2 decisions, 1 findings, 0 skipped, 0 malformed",
                "PermanentFailure: no such object: s3://" + TRAIL + "/" + PREFIX + "gone.json.gz",
                "PermanentFailure: no CloudTrail record could be read: s3://" + TRAIL + "/" + PREFIX + "notes.txt:1:1: malformed JSON: "
                        + "Unrecognized token 'not': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')"
                        + " (rest of the file not read)",
                "Succeeded: a CloudTrail digest file: no events"), results(answer));

        // schema 1.0 names the bucket by ARN; the first file again, as a retried task would: read back once
        JsonNode retried = invoke(invocation("1.0", "a.json.gz"));
        assertEquals(List.of("Succeeded: 40 events, 1 decisions, 1 findings, 0 skipped, 0 malformed"), results(retried));

        // never acted, never alerted: every archived decision is a dry-run, its actions would-apply at most
        List<JsonNode> archived = archived();
        assertEquals(7, archived.size(), "1 + 1 + 2 decisions (one exempt), the retried 1, two rejected records: " + archived);
        for (JsonNode line : archived) {
            assertEquals("replay", line.path("handler").asText(), line.toString());
            if ("decision".equals(line.path("type").asText())) {
                assertEquals("dry-run", line.path("mode").asText(), line.toString());
                line.path("actions").forEach(a -> assertEquals("would-apply", a.path("outcome").asText(), line.toString()));
            }
        }
        assertEquals(List.of(), alerts.messages(), "no alert from a replay");

        Run local = replay("--no-progress", dir.resolve("local").toString());
        Path html = dir.resolve("batch.html");
        Run readBack = replay("--from-audit", "--report", html.toString(), "s3://" + AUDIT + "/trailguard-audit/");
        assertEquals(0, readBack.exit, readBack.out);
        // the report's timeline is drawn from the calls' times, which the archived lines carry
        String report = Files.readString(html);
        assertTrue(report.contains("data-series=\"s3-public-bucket\" data-start=\"2026-11-20T10:00:00Z\" data-count=\"1\""), report);
        assertTrue(readBack.out.matches("(?s).*written twice \\(a retried task\\)\\s+1\\n.*"), readBack.out);
        assertTrue(readBack.out.matches("(?s).*replay decisions\\s+4\\n.*"), readBack.out);
        assertEquals(local.tables(), readBack.tables(), "the same policy, action and set-aside tables");
        assertTrue(readBack.out.contains("\n  s3://" + TRAIL + "/" + PREFIX + "b.json.gz Records[4]: not a JSON object\n"),
                "the malformed record, where it was in the trail: " + readBack.out);
    }

    private ObjectNode invocation(String version, String... keys) {
        ObjectNode invocation = mapper.createObjectNode().put("invocationSchemaVersion", version).put("invocationId", "inv-" + version);
        invocation.putObject("job").put("id", "job-1");
        ArrayNode tasks = invocation.putArray("tasks");
        int n = 0;
        for (String key : keys) {
            ObjectNode task = tasks.addObject().put("taskId", "task-" + n++);
            if (key == null) {
                task.put("s3Key", "AWSLogs/123456789012/CloudTrail-Digest/us-east-1/2026/11/20/digest.json.gz");
            } else {
                task.put("s3Key", PREFIX + key);
            }
            if ("1.0".equals(version)) {
                task.put("s3BucketArn", "arn:aws:s3:::" + TRAIL);
            } else {
                task.put("s3Bucket", TRAIL);
            }
            task.putNull("s3VersionId");
        }
        return invocation;
    }

    private JsonNode invoke(ObjectNode invocation) throws Exception {
        return mapper.readTree(Lambda.invoke(mapper.writeValueAsString(invocation)).statusCode(200).extract().asString());
    }

    private static List<String> results(JsonNode answer) {
        List<String> results = new ArrayList<>();
        answer.path("results").forEach(r -> results.add(r.path("resultCode").asText() + ": " + r.path("resultString").asText()));
        return results;
    }

    private List<JsonNode> archived() throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (S3Object object : s3.listObjectsV2Paginator(b -> b.bucket(AUDIT)).contents()) {
            lines.add(mapper.readTree(s3.getObjectAsBytes(b -> b.bucket(AUDIT).key(object.key())).asUtf8String()));
        }
        return lines;
    }

    private Run replay(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = replay.run(new PrintStream(out, true, StandardCharsets.UTF_8), args);
        return new Run(exit, out.toString(StandardCharsets.UTF_8));
    }

    record Run(int exit, String out) {

        /** From the policy table to the end of the set-aside table: what a replay concluded, whichever way it ran. */
        String tables() {
            int start = out.indexOf("\npolicy ");
            int end = out.indexOf("\nmalformed (", start);
            int timing = out.indexOf(" events in ", start);
            end = end < 0 ? out.length() : end;
            if (timing >= 0) {
                end = Math.min(end, out.lastIndexOf('\n', timing));
            }
            return start < 0 ? "" : out.substring(start, end).strip();
        }
    }
}
