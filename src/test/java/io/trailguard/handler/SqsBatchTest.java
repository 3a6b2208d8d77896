package io.trailguard.handler;

import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.junit.QuarkusTest;
import io.trailguard.Lambda;
import io.trailguard.MotoServer;
import io.trailguard.SampleEvents;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Grant;
import software.amazon.awssdk.services.s3.model.Permission;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.Type;

/**
 * rule → SQS → Lambda: each message of a batch is decided on its own, and the partial-batch response lists
 * exactly the messages to retry (malformed, not an event, remediation failed); the others are done.
 */
@QuarkusTest
class SqsBatchTest {

    @Inject
    S3Client s3;
    @Inject
    ObjectMapper mapper;

    @BeforeEach
    void freshAccount() {
        MotoServer.reset();
        for (String bucket : List.of("tg-demo-data", "tg-replayed")) {
            s3.createBucket(b -> b.bucket(bucket));
            grantPublicRead(bucket);
        }
    }

    @Test
    void onlyTheFailedMessagesAreReported() throws Exception {
        String publicAcl = SampleEvents.read("s3-public-bucket", "put-bucket-acl-canned-public-read");
        String batch = batch(
                "good-1", publicAcl,
                "malformed-2", "{\"detail-type\": \"AWS API Call via CloudTrail\", \"detail\": {",
                // moto answers NoSuchBucket to the remediation's reads: the action fails, so the message is retried
                "remediation-fails-3", onBucket(publicAcl, "tg-no-such-bucket"),
                "unmatched-4", SampleEvents.read("s3-public-bucket", "get-bucket-acl-read-only"),
                "replayed-5", onBucket(SampleEvents.read("s3-public-bucket", "replayed-from-archive"), "tg-replayed"),
                "not-cloudtrail-6", "{\"detail-type\": \"EC2 Instance State-change Notification\", \"source\": \"aws.ec2\", \"detail\": {}}",
                "no-body-7", null);

        Lambda.invoke(batch).statusCode(200)
                .body("batchItemFailures.itemIdentifier", equalTo(List.of("malformed-2", "remediation-fails-3", "not-cloudtrail-6", "no-body-7")));

        assertFalse(isPublic("tg-demo-data"), "the good message was remediated");
        assertTrue(s3.getPublicAccessBlock(b -> b.bucket("tg-demo-data")).publicAccessBlockConfiguration().blockPublicAcls());
        assertTrue(isPublic("tg-replayed"), "a replayed event stays dry-run");
        assertThrows(S3Exception.class, () -> s3.getPublicAccessBlock(b -> b.bucket("tg-replayed")));
    }

    @Test
    void aBatchWithNothingWrongReportsNoFailure() throws Exception {
        Lambda.invoke(batch("only-1", SampleEvents.read("s3-public-bucket", "delete-bucket-public-access-block"))).statusCode(200)
                .body("batchItemFailures", empty());
        assertTrue(s3.getPublicAccessBlock(b -> b.bucket("tg-demo-data")).publicAccessBlockConfiguration().restrictPublicBuckets());
    }

    @Test
    void theSameMessageRetriedAfterItsBucketExistsSucceeds() throws Exception {
        String failing = onBucket(SampleEvents.read("s3-public-bucket", "put-bucket-acl-canned-public-read"), "tg-late");
        Lambda.invoke(batch("retry-1", failing)).statusCode(200)
                .body("batchItemFailures.itemIdentifier", equalTo(List.of("retry-1")));

        s3.createBucket(b -> b.bucket("tg-late"));
        grantPublicRead("tg-late");
        Lambda.invoke(batch("retry-1", failing)).statusCode(200).body("batchItemFailures", empty());
        assertFalse(isPublic("tg-late"));
        assertEquals(Boolean.TRUE, s3.getPublicAccessBlock(b -> b.bucket("tg-late")).publicAccessBlockConfiguration().ignorePublicAcls());
    }

    /** An SQS event as Lambda's event source mapping delivers it: ids and bodies alternate; a null body leaves it out. */
    private String batch(String... idsAndBodies) throws Exception {
        ObjectNode event = mapper.createObjectNode();
        ArrayNode records = event.putArray("Records");
        for (int i = 0; i < idsAndBodies.length; i += 2) {
            ObjectNode record = records.addObject().put("messageId", idsAndBodies[i])
                    .put("receiptHandle", "AQEB" + idsAndBodies[i]);
            if (idsAndBodies[i + 1] != null) {
                record.put("body", idsAndBodies[i + 1]);
            }
            record.putObject("attributes").put("ApproximateReceiveCount", "1").put("SentTimestamp", "1763633730000");
            record.putObject("messageAttributes");
            record.put("md5OfBody", "0").put("eventSource", "aws:sqs")
                    .put("eventSourceARN", "arn:aws:sqs:us-east-1:123456789012:trailguard-events").put("awsRegion", "us-east-1");
        }
        return mapper.writeValueAsString(event);
    }

    private String onBucket(String event, String bucket) throws Exception {
        ObjectNode tree = (ObjectNode) mapper.readTree(event);
        ((ObjectNode) tree.path("detail").path("requestParameters")).put("bucketName", bucket);
        return mapper.writeValueAsString(tree);
    }

    private void grantPublicRead(String bucket) {
        var acl = s3.getBucketAcl(b -> b.bucket(bucket));
        s3.putBucketAcl(b -> b.bucket(bucket).accessControlPolicy(p -> p.owner(acl.owner()).grants(acl.grants().get(0),
                Grant.builder().grantee(g -> g.type(Type.GROUP).uri("http://acs.amazonaws.com/groups/global/AllUsers"))
                        .permission(Permission.READ).build())));
    }

    private boolean isPublic(String bucket) {
        return s3.getBucketAcl(b -> b.bucket(bucket)).grants().stream()
                .anyMatch(g -> g.grantee().uri() != null && g.grantee().uri().endsWith("/AllUsers"));
    }
}
