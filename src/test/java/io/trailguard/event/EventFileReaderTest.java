package io.trailguard.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.trailguard.SampleEvents;

/** Every file shape the replay and the S3 log-file handler read, streamed record by record. */
class EventFileReaderTest {

    final EventReader reader = new EventReader(new ObjectMapper(), 1_048_576);

    @Test
    void gzipLogFileOfHundredsOfRecordsIsWrappedLikeEventBridgeEvents() throws IOException {
        List<JsonNode> records = new ArrayList<>(CloudTrailLogs.benignReads(400));
        records.set(17, IntNode.valueOf(42));
        ((ObjectNode) records.get(42)).remove("eventName");
        ((ObjectNode) records.get(99)).put("eventType", "AwsServiceEvent");
        records.set(200, CloudTrailLogs.record("s3-public-bucket", "put-bucket-acl-canned-public-read"));
        ObjectNode signIn = CloudTrailLogs.benignReads(1).get(0).deepCopy();
        signIn.put("eventSource", "signin.amazonaws.com").put("eventName", "ConsoleLogin").put("eventType", "AwsConsoleSignIn")
                .put("recipientAccountId", "210987654321").put("awsRegion", "eu-west-1").put("eventTime", "2026-11-21T07:00:00Z");
        records.set(300, signIn);

        List<SourcedEvent> read = readAll(CloudTrailLogs.gzip(records), "trail.json.gz");

        assertEquals(400, read.size());
        assertEquals("trail.json.gz Records[17]", read.get(17).where());
        assertEquals("not a JSON object", read.get(17).malformed());
        assertEquals("detail.eventName: missing, expected a non-empty string", read.get(42).malformed());
        assertTrue(read.get(99).skipped().contains("AwsServiceEvent"), read.get(99).toString());
        assertEquals(397, read.stream().filter(e -> e.parsed() != null).count());

        TrailEvent acl = read.get(200).parsed().event();
        assertEquals(TrailEvent.API_CALL, acl.detailType());
        assertEquals("aws.s3", acl.source());
        assertEquals("123456789012", acl.account());
        assertEquals("us-east-1", acl.region());
        assertEquals("2026-11-20T10:15:29Z", acl.time());
        assertEquals("005e0000-0000-0040-0080-000000001eef", acl.eventId());
        assertEquals("tg-demo-data", acl.detail().requestParameter("bucketName"));

        TrailEvent login = read.get(300).parsed().event();
        assertEquals(TrailEvent.CONSOLE_SIGN_IN, login.detailType());
        assertEquals("aws.signin", login.source());
        assertEquals("210987654321", login.account());
        assertEquals("eu-west-1", login.region());
        assertEquals("2026-11-21T07:00:00Z", login.time());
        // the pattern matcher reads the same envelope
        assertEquals("aws.signin", read.get(300).parsed().tree().get("source").asText());
    }

    /** Found by the fuzz test: one record nested past the limit ended the file, so the calls after it went unread. */
    @Test
    void aRecordNestedTooDeepIsMalformedAndTheRecordsAfterItAreRead() throws IOException {
        List<JsonNode> records = new ArrayList<>(CloudTrailLogs.benignReads(3));
        JsonNode deep = IntNode.valueOf(1);
        for (int i = 0; i < 100; i++) {
            deep = new ObjectMapper().createObjectNode().set("n", deep);
        }
        ((ObjectNode) records.get(1).get("requestParameters")).set("filter", deep);
        records.add(CloudTrailLogs.record("s3-public-bucket", "put-bucket-acl-canned-public-read"));

        List<SourcedEvent> read = readAll(CloudTrailLogs.gzip(records), "trail.json.gz");

        assertEquals(4, read.size());
        assertEquals("nested deeper than 64 levels", read.get(1).malformed());
        assertEquals("PutBucketAcl", read.get(3).parsed().event().detail().eventName());
    }

    @Test
    void jsonLinesArraysAndSingleEventsAreRead() throws IOException {
        String acl = oneLine(SampleEvents.read("s3-public-bucket", "put-bucket-acl-canned-public-read"));
        String stop = oneLine(SampleEvents.read("cloudtrail-tampering", "stop-logging-by-name"));
        String ec2 = "{\"detail-type\":\"EC2 Instance State-change Notification\",\"source\":\"aws.ec2\",\"detail\":{}}";

        List<SourcedEvent> lines = readAll((acl + "\n" + ec2 + "\n\n" + stop + "\n").getBytes(StandardCharsets.UTF_8), "events.jsonl");
        assertEquals(3, lines.size());
        assertEquals("PutBucketAcl", lines.get(0).parsed().event().detail().eventName());
        assertEquals("events.jsonl:2", lines.get(1).where());
        assertEquals("detail-type EC2 Instance State-change Notification", lines.get(1).skipped());
        assertEquals("events.jsonl:4", lines.get(2).where());
        assertEquals("StopLogging", lines.get(2).parsed().event().detail().eventName());

        List<SourcedEvent> array = readAll(("[" + acl + "," + stop + "]").getBytes(StandardCharsets.UTF_8), "events.json");
        assertEquals(List.of("events.json [0]", "events.json [1]"), array.stream().map(SourcedEvent::where).toList());

        List<SourcedEvent> pretty = readAll(SampleEvents.read("s3-public-bucket", "delete-bucket-public-access-block")
                .getBytes(StandardCharsets.UTF_8), "one.json");
        assertEquals(1, pretty.size());
        assertEquals("one.json:1", pretty.get(0).where());
        assertEquals("DeleteBucketPublicAccessBlock", pretty.get(0).parsed().event().detail().eventName());
    }

    @Test
    void sqsBatchFileGivesEachBodyAsAnEvent() throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode batch = mapper.createObjectNode();
        batch.putArray("Records")
                .add(mapper.createObjectNode().put("messageId", "m-1").put("eventSource", "aws:sqs")
                        .put("body", SampleEvents.read("iam-new-credentials", "create-user")))
                .add(mapper.createObjectNode().put("messageId", "m-2").put("eventSource", "aws:sqs").put("body", "{broken"));

        List<SourcedEvent> read = readAll(mapper.writeValueAsBytes(batch), "batch.json");

        assertEquals("CreateUser", read.get(0).parsed().event().detail().eventName());
        assertEquals("batch.json Records[1] (messageId m-2)", read.get(1).where());
        assertTrue(read.get(1).malformed().startsWith("malformed JSON"), read.get(1).malformed());
    }

    @Test
    void brokenJsonEndsTheFileWhereItBroke() throws IOException {
        String acl = oneLine(SampleEvents.read("s3-public-bucket", "put-bucket-acl-canned-public-read"));
        List<SourcedEvent> read = readAll((acl + "\n" + acl + "\n{\"detail-type\": ]\n" + acl + "\n").getBytes(StandardCharsets.UTF_8), "bad.jsonl");

        assertEquals(3, read.size());
        assertTrue(read.get(1).parsed() != null);
        assertTrue(read.get(2).where().startsWith("bad.jsonl:3:"), read.get(2).where());
        assertTrue(read.get(2).malformed().startsWith("malformed JSON"), read.get(2).malformed());
    }

    @Test
    void truncatedGzipIsReportedAfterTheRecordsItHad() throws IOException {
        byte[] whole = CloudTrailLogs.gzip(CloudTrailLogs.benignReads(300));
        List<SourcedEvent> read = readAll(Arrays.copyOf(whole, whole.length / 2), "cut.json.gz");

        SourcedEvent last = read.get(read.size() - 1);
        assertTrue(last.malformed() != null && last.where().startsWith("cut.json.gz"), last.toString());
        assertTrue(read.size() > 50, "the records before the cut are read: " + read.size());
        assertNull(read.get(0).malformed());
    }

    @Test
    void eventBridgeEventOverTheSizeCapIsMalformedButLogRecordsAreNot() throws IOException {
        EventReader small = new EventReader(new ObjectMapper(), 2_000);
        byte[] event = SampleEvents.read("s3-public-bucket", "put-bucket-acl-canned-public-read").getBytes(StandardCharsets.UTF_8);
        List<SourcedEvent> read = readAll(small, event, "big.json");
        assertTrue(read.get(0).malformed().contains("exceeds the limit of 2000"), read.get(0).toString());

        List<SourcedEvent> log = readAll(small, CloudTrailLogs.gzip(List.of(CloudTrailLogs.record("s3-public-bucket",
                "put-bucket-acl-canned-public-read"))), "trail.json.gz");
        assertTrue(log.get(0).parsed() != null, "a log file's records are not capped: " + log.get(0));
    }

    private List<SourcedEvent> readAll(byte[] bytes, String name) throws IOException {
        return readAll(reader, bytes, name);
    }

    private static List<SourcedEvent> readAll(EventReader reader, byte[] bytes, String name) throws IOException {
        List<SourcedEvent> events = new ArrayList<>();
        try (EventFileReader file = new EventFileReader(reader, new ByteArrayInputStream(bytes), name)) {
            file.forEachRemaining(events::add);
        }
        return events;
    }

    private static String oneLine(String json) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        return mapper.writeValueAsString(mapper.readTree(json));
    }
}
