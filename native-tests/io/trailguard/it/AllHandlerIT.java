package io.trailguard.it;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;
import io.trailguard.AlertInbox;
import io.trailguard.Lambda;
import io.trailguard.MotoServer;
import io.trailguard.SampleEvents;
import io.trailguard.event.CloudTrailLogs;
import io.trailguard.policy.HandlerNames;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Grant;
import software.amazon.awssdk.services.s3.model.Permission;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.Type;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * The packaged function as the {@code all} handler: a remediation end to end, every kind of bad input (each
 * rejected while the runtime loop keeps serving), an event no policy matches, an SQS batch with partial failures,
 * and a gzip CloudTrail log file read from S3 on its notification.
 */
@ForFunction(HandlerNames.ALL)
@QuarkusIntegrationTest
@TestProfile(AllHandlerIT.Profile.class)
class AllHandlerIT {

    public static class Profile extends HandlerProfile {
        @Override
        protected String handler() {
            return HandlerNames.ALL;
        }
    }

    static final String BUCKET = "tg-demo-data";
    static final String TRAIL_BUCKET = "org-trail-logs";
    static final String LOG_FILE = "AWSLogs/123456789012/CloudTrail/us-east-1/2026/11/20/123456789012_CloudTrail_us-east-1_20261120T1020Z_Q2xvdWRUcmFpbA.json.gz";
    final ObjectMapper mapper = new ObjectMapper();
    final S3Client s3 = MotoClients.s3();
    final SnsClient sns = MotoClients.sns();
    AlertInbox alerts;

    @BeforeEach
    void freshAccount() {
        MotoServer.reset();
        s3.createBucket(b -> b.bucket(BUCKET));
        alerts = AlertInbox.create(sns);
    }

    @AfterEach
    void close() {
        alerts.close();
        s3.close();
        sns.close();
    }

    @Test
    void publicAclIsMadePrivateBlockedAndAlerted() throws Exception {
        grantPublicRead();

        Lambda.invoke(SampleEvents.read("s3-public-bucket", "put-bucket-acl-canned-public-read")).statusCode(200)
                .body("status", equalTo("decided"))
                .body("decisions[0].policy", equalTo("s3-public-bucket"))
                .body("decisions[0].actions.outcome", equalTo(List.of("applied", "applied")));

        assertFalse(isPublic(), "the public grant is gone");
        assertTrue(s3.getPublicAccessBlock(b -> b.bucket(BUCKET)).publicAccessBlockConfiguration().blockPublicAcls());
        List<String> messages = alerts.messages();
        assertEquals(1, messages.size(), "one alert");
        JsonNode alert = mapper.readTree(messages.get(0));
        assertEquals("s3-public-bucket", alert.path("policy").asText());
        assertEquals("arn:aws:iam::123456789012:user/alice", alert.path("who").asText());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            malformed JSON         | {"detail-type": "AWS API Call via CloudTrail", "detail": {   | malformed JSON
            empty object           | {}                                                           | detail-type: missing, expected a non-empty string
            JSON array             | [1, 2, 3]                                                    | not a JSON object
            JSON string            | "PutBucketAcl"                                               | not a JSON object
            wrong detail-type      | {"detail-type": "EC2 Instance State-change Notification", "source": "aws.ec2", "detail": {}} | unsupported detail-type
            missing detail         | {"detail-type": "AWS API Call via CloudTrail", "source": "aws.s3"} | detail: missing, expected an object
            eventName of wrong type| {"detail-type": "AWS API Call via CloudTrail", "source": "aws.s3", "detail": {"eventSource": "s3.amazonaws.com", "eventName": 42}} | detail.eventName: expected a non-empty string, got a number
            caller ARN of wrong type | {"detail-type": "AWS API Call via CloudTrail", "source": "aws.s3", "detail": {"eventSource": "s3.amazonaws.com", "eventName": "PutBucketAcl", "userIdentity": {"type": "IAMUser", "arn": {"x": 1}}}} | detail.userIdentity.arn: expected a string, got an object
            """)
    void badInputIsRejectedAndTheRuntimeKeepsServing(String name, String body, String reason) {
        Lambda.invoke(body).statusCode(200)
                .body("status", equalTo("rejected"))
                .body("reason", containsString(reason));
        assertThrows(S3Exception.class, () -> s3.getPublicAccessBlock(b -> b.bucket(BUCKET)), "no remediation ran");

        Lambda.invoke(SampleEvents.read("s3-public-bucket", "delete-bucket-public-access-block")).statusCode(200)
                .body("status", equalTo("decided"))
                .body("decisions[0].actions[0].outcome", equalTo("applied"));
    }

    @Test
    void failedCallIsNeverActedOnButAlertedAsAnAttempt() {
        // access-denied-burst counts the denial too (no finding for one): the s3-public-bucket decision is the attempt
        String decision = "decisions.find { it.policy == 's3-public-bucket' }";
        Lambda.invoke(SampleEvents.read("s3-public-bucket", "failed-call-access-denied")).statusCode(200)
                .body(decision + ".mode", equalTo("attempted"))
                .body(decision + ".actions.outcome", equalTo(List.of("not-applied", "not-applied")));

        assertThrows(S3Exception.class, () -> s3.getPublicAccessBlock(b -> b.bucket(BUCKET)), "no remediation ran");
        List<String> messages = alerts.messages();
        assertEquals(1, messages.size(), "alerted once, as an attempt");
        assertTrue(messages.get(0).contains("\"mode\":\"attempted\""), messages.get(0));
    }

    @Test
    void readOnlyCallMatchesNoPolicy() {
        Lambda.invoke(SampleEvents.read("s3-public-bucket", "get-bucket-acl-read-only")).statusCode(200)
                .body("status", equalTo("unmatched"));
    }

    @Test
    void sqsBatchReportsExactlyTheMalformedAndTheFailedMessages() throws Exception {
        grantPublicRead();
        String publicAcl = SampleEvents.read("s3-public-bucket", "put-bucket-acl-canned-public-read");
        ObjectNode onMissingBucket = (ObjectNode) mapper.readTree(publicAcl);
        // moto answers NoSuchBucket to the remediation's reads: the action fails, so the message is to be retried
        ((ObjectNode) onMissingBucket.path("detail").path("requestParameters")).put("bucketName", "tg-no-such-bucket");
        ObjectNode batch = mapper.createObjectNode();
        ArrayNode records = batch.putArray("Records");
        sqsRecord(records, "good-1", publicAcl);
        sqsRecord(records, "malformed-2", "{\"detail-type\": \"AWS API Call via CloudTrail\", \"detail\": {");
        sqsRecord(records, "remediation-fails-3", mapper.writeValueAsString(onMissingBucket));

        Lambda.invoke(mapper.writeValueAsString(batch)).statusCode(200)
                .body("batchItemFailures.itemIdentifier", equalTo(List.of("malformed-2", "remediation-fails-3")));

        assertFalse(isPublic(), "the good message was remediated");
        assertTrue(s3.getPublicAccessBlock(b -> b.bucket(BUCKET)).publicAccessBlockConfiguration().blockPublicAcls());
    }

    @Test
    void cloudTrailLogFileNamedByAnS3NotificationIsReadAndItsPublicBucketRemediated() {
        grantPublicRead();
        s3.createBucket(b -> b.bucket(TRAIL_BUCKET));
        List<JsonNode> records = new ArrayList<>(CloudTrailLogs.benignReads(20));
        records.set(10, CloudTrailLogs.record("s3-public-bucket", "put-bucket-acl-canned-public-read"));
        s3.putObject(b -> b.bucket(TRAIL_BUCKET).key(LOG_FILE), RequestBody.fromBytes(CloudTrailLogs.gzip(records)));

        Lambda.invoke(logFileNotification()).statusCode(200)
                .body("files[0].file", equalTo("s3://" + TRAIL_BUCKET + "/" + LOG_FILE))
                .body("files[0].events", equalTo(20))
                .body("files[0].matched", equalTo(1))
                .body("files[0].malformed", equalTo(0));

        assertFalse(isPublic(), "the public grant is gone");
        assertTrue(s3.getPublicAccessBlock(b -> b.bucket(BUCKET)).publicAccessBlockConfiguration().blockPublicAcls());
        assertEquals(1, alerts.messages().size(), "one alert, for the one finding in the file");
    }

    private void grantPublicRead() {
        var acl = s3.getBucketAcl(b -> b.bucket(BUCKET));
        s3.putBucketAcl(b -> b.bucket(BUCKET).accessControlPolicy(p -> p.owner(acl.owner()).grants(acl.grants().get(0),
                Grant.builder().grantee(g -> g.type(Type.GROUP).uri("http://acs.amazonaws.com/groups/global/AllUsers"))
                        .permission(Permission.READ).build())));
    }

    private boolean isPublic() {
        return s3.getBucketAcl(b -> b.bucket(BUCKET)).grants().stream()
                .anyMatch(g -> g.grantee().uri() != null && g.grantee().uri().endsWith("/AllUsers"));
    }

    /** One message of an SQS event as Lambda's event source mapping delivers it. */
    private static void sqsRecord(ArrayNode records, String messageId, String body) {
        ObjectNode record = records.addObject().put("messageId", messageId).put("receiptHandle", "AQEB" + messageId)
                .put("body", body);
        record.putObject("attributes").put("ApproximateReceiveCount", "1").put("SentTimestamp", "1763633730000");
        record.putObject("messageAttributes");
        record.put("md5OfBody", "0").put("eventSource", "aws:sqs")
                .put("eventSourceARN", "arn:aws:sqs:us-east-1:123456789012:trailguard-events").put("awsRegion", "us-east-1");
    }

    /** The S3 event notification Lambda receives for the new log file. */
    private static String logFileNotification() {
        return """
                {"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","awsRegion":"us-east-1",
                  "eventTime":"2026-11-20T10:20:41.042Z","eventName":"ObjectCreated:Put",
                  "userIdentity":{"principalId":"AWS:AROAEXAMPLECLOUDTRAIL:regionalDeliverySession"},
                  "requestParameters":{"sourceIPAddress":"10.0.12.34"},
                  "responseElements":{"x-amz-request-id":"C3D13FE58DE4C810","x-amz-id-2":"FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD"},
                  "s3":{"s3SchemaVersion":"1.0","configurationId":"trailguard-log-files",
                    "bucket":{"name":"%s","ownerIdentity":{"principalId":"A3NL1KOZZKExample"},"arn":"arn:aws:s3:::%s"},
                    "object":{"key":"%s","size":4093,"eTag":"d41d8cd98f00b204e9800998ecf8427e","sequencer":"0066B4E0D1A2B3C4D5"}}}]}
                """.formatted(TRAIL_BUCKET, TRAIL_BUCKET, LOG_FILE);
    }
}
