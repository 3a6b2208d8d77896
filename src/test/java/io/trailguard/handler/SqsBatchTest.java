package io.trailguard.handler;

import static org.hamcrest.Matchers.equalTo;
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
import software.amazon.awssdk.services.s3.model.PublicAccessBlockConfiguration;

/**
 * infra's SQS buffering: the function gets a batch of queued EventBridge events, decides each, and reports
 * only the messages whose remediation failed (ReportBatchItemFailures), so only those are retried.
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
        s3.createBucket(b -> b.bucket("tg-demo-data"));
    }

    @Test
    void onlyTheMessageWhoseRemediationFailedIsReported() {
        String event = SampleEvents.read("s3-public-bucket", "put-bucket-acl-canned-public-read");
        String missingBucket = event.replace("tg-demo-data", "tg-no-such-bucket");
        Lambda.invoke(batch(event, missingBucket, "{\"not\": \"an event\"}")).statusCode(200)
                .body("batchItemFailures.itemIdentifier", equalTo(List.of("message-2")));

        PublicAccessBlockConfiguration block = s3.getPublicAccessBlock(b -> b.bucket("tg-demo-data")).publicAccessBlockConfiguration();
        assertTrue(block.blockPublicAcls() && block.ignorePublicAcls() && block.blockPublicPolicy() && block.restrictPublicBuckets(),
                "the first message's bucket was remediated");
    }

    @Test
    void aBatchThatSucceedsReportsNoFailure() {
        Lambda.invoke(batch(SampleEvents.read("s3-public-bucket", "put-bucket-acl-private"))).statusCode(200)
                .body("batchItemFailures", equalTo(List.of()));
    }

    /** An SQS event as Lambda delivers it, messages numbered from 1. */
    private String batch(String... bodies) {
        ObjectNode root = mapper.createObjectNode();
        ArrayNode records = root.putArray("Records");
        for (int i = 0; i < bodies.length; i++) {
            records.addObject().put("messageId", "message-" + (i + 1)).put("receiptHandle", "handle-" + (i + 1))
                    .put("body", bodies[i]).put("eventSource", "aws:sqs")
                    .put("eventSourceARN", "arn:aws:sqs:us-east-1:123456789012:trailguard-buffer-s3").put("awsRegion", "us-east-1");
        }
        return root.toString();
    }
}
