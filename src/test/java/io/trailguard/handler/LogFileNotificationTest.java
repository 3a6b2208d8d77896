package io.trailguard.handler;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.IntNode;

import io.quarkus.test.junit.QuarkusTest;
import io.trailguard.AlertInbox;
import io.trailguard.Lambda;
import io.trailguard.MotoServer;
import io.trailguard.event.CloudTrailLogs;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Grant;
import software.amazon.awssdk.services.s3.model.Permission;
import software.amazon.awssdk.services.s3.model.Type;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * Trail bucket → S3 notification → Lambda: the log file named by the notification is read from S3 (moto),
 * every record decided like an EventBridge event, and the public bucket in it remediated.
 */
@QuarkusTest
class LogFileNotificationTest {

    static final String TRAIL_BUCKET = "org-trail-logs";
    static final String KEY = "AWSLogs/123456789012/CloudTrail/us-east-1/2026/11/20/123456789012_CloudTrail_us-east-1_20261120T1020Z_Q2xvdWRUcmFpbA.json.gz";

    @Inject
    S3Client s3;
    @Inject
    SnsClient sns;

    AlertInbox alerts;

    @BeforeEach
    void freshAccount() {
        MotoServer.reset();
        s3.createBucket(b -> b.bucket(TRAIL_BUCKET));
        s3.createBucket(b -> b.bucket("tg-demo-data"));
        var acl = s3.getBucketAcl(b -> b.bucket("tg-demo-data"));
        s3.putBucketAcl(b -> b.bucket("tg-demo-data").accessControlPolicy(p -> p.owner(acl.owner()).grants(acl.grants().get(0),
                Grant.builder().grantee(g -> g.type(Type.GROUP).uri("http://acs.amazonaws.com/groups/global/AllUsers"))
                        .permission(Permission.READ).build())));
        alerts = AlertInbox.create(sns);
    }

    @AfterEach
    void close() {
        alerts.close();
    }

    @Test
    void logFileInTheTrailBucketIsReadAndDecided() {
        List<JsonNode> records = new ArrayList<>(CloudTrailLogs.benignReads(500));
        records.set(250, CloudTrailLogs.record("s3-public-bucket", "put-bucket-acl-canned-public-read"));
        records.set(100, IntNode.valueOf(7));
        s3.putObject(b -> b.bucket(TRAIL_BUCKET).key(KEY), RequestBody.fromBytes(CloudTrailLogs.gzip(records)));

        Lambda.invoke(notification(KEY)).statusCode(200)
                .body("files[0].file", equalTo("s3://" + TRAIL_BUCKET + "/" + KEY))
                .body("files[0].events", equalTo(499))
                .body("files[0].matched", equalTo(1))
                .body("files[0].malformed", equalTo(1));

        assertFalse(s3.getBucketAcl(b -> b.bucket("tg-demo-data")).grants().stream()
                .anyMatch(g -> g.grantee().uri() != null && g.grantee().uri().endsWith("/AllUsers")), "the public grant is gone");
        assertTrue(s3.getPublicAccessBlock(b -> b.bucket("tg-demo-data")).publicAccessBlockConfiguration().blockPublicPolicy());
        assertEquals(1, alerts.messages().size(), "one alert, for the one finding among 500 records");
    }

    @Test
    void digestFilesAndOtherEventsAreLeftAlone() {
        String digest = "AWSLogs/123456789012/CloudTrail-Digest/us-east-1/2026/11/20/123456789012_CloudTrail-Digest_us-east-1_org-trail_us-east-1_20261120T1020Z.json.gz";
        Lambda.invoke(notification(digest)).statusCode(200).body("files.size()", equalTo(0));
    }

    @Test
    void keyIsUrlDecodedFromTheNotification() {
        s3.putObject(b -> b.bucket(TRAIL_BUCKET).key("backfill/november 2026/trail.json.gz"),
                RequestBody.fromBytes(CloudTrailLogs.gzip(CloudTrailLogs.benignReads(3))));

        Lambda.invoke(notification("backfill/november+2026/trail.json.gz")).statusCode(200)
                .body("files[0].file", equalTo("s3://" + TRAIL_BUCKET + "/backfill/november 2026/trail.json.gz"))
                .body("files[0].events", equalTo(3));
    }

    @Test
    void notificationsThroughAnSqsQueueAreReadTooAndAMissingFileIsRetried() throws Exception {
        s3.putObject(b -> b.bucket(TRAIL_BUCKET).key(KEY), RequestBody.fromBytes(CloudTrailLogs.gzip(
                List.of(CloudTrailLogs.record("s3-public-bucket", "put-bucket-acl-canned-public-read")))));
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode batch = mapper.createObjectNode();
        ArrayNode records = batch.putArray("Records");
        records.addObject().put("messageId", "log-file").put("eventSource", "aws:sqs").put("body", notification(KEY));
        records.addObject().put("messageId", "test-event").put("eventSource", "aws:sqs")
                .put("body", "{\"Service\":\"Amazon S3\",\"Event\":\"s3:TestEvent\",\"Time\":\"2026-11-20T10:00:00.000Z\",\"Bucket\":\"org-trail-logs\"}");
        records.addObject().put("messageId", "gone").put("eventSource", "aws:sqs").put("body", notification(KEY + ".missing"));

        Lambda.invoke(mapper.writeValueAsString(batch)).statusCode(200)
                .body("batchItemFailures.itemIdentifier", equalTo(List.of("gone")));

        assertTrue(s3.getPublicAccessBlock(b -> b.bucket("tg-demo-data")).publicAccessBlockConfiguration().blockPublicAcls());
    }

    /** The S3 event notification Lambda receives for a new object (keys are URL-encoded in it). */
    private static String notification(String key) {
        return """
                {"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","awsRegion":"us-east-1",
                  "eventTime":"2026-11-20T10:20:41.042Z","eventName":"ObjectCreated:Put",
                  "userIdentity":{"principalId":"AWS:AROAEXAMPLECLOUDTRAIL:regionalDeliverySession"},
                  "requestParameters":{"sourceIPAddress":"10.0.12.34"},
                  "responseElements":{"x-amz-request-id":"C3D13FE58DE4C810","x-amz-id-2":"FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD"},
                  "s3":{"s3SchemaVersion":"1.0","configurationId":"trailguard-log-files",
                    "bucket":{"name":"%s","ownerIdentity":{"principalId":"A3NL1KOZZKExample"},"arn":"arn:aws:s3:::%s"},
                    "object":{"key":"%s","size":4093,"eTag":"d41d8cd98f00b204e9800998ecf8427e","sequencer":"0066B4E0D1A2B3C4D5"}}}]}
                """.formatted(TRAIL_BUCKET, TRAIL_BUCKET, key);
    }
}
