package io.trailguard.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.trailguard.FaultProxy;
import io.trailguard.FaultProxy.Kind;
import io.trailguard.HardeningProfile;
import io.trailguard.Lambda;
import io.trailguard.MotoServer;
import io.trailguard.SampleEvents;
import io.trailguard.hardening.DedupTable;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * A remediation that fails for a missing permission (AccessDenied from the fault proxy on StartLogging) lands in
 * the function's dead-letter queue as Lambda's on-failure record; {@code redrive} shows it with its policy and
 * reason, replays it in dry-run, keeps it while the cause is there, and once fixed sends it through the function
 * (in process: moto runs no Lambda), which remediates, and the queue is empty.
 */
@QuarkusTest
@TestProfile(HardeningProfile.class)
class RedriveTest {

    static final String TRAIL = "tg-audit-trail";
    static final String BUCKET = "tg-cloudtrail-logs-123456789012";
    static final String EVENT = SampleEvents.read("cloudtrail-tampering", "stop-logging-by-name");
    static final String FUNCTION = "arn:aws:lambda:us-east-1:123456789012:function:trailguard-all";

    @Inject
    RedriveCommand redrive;
    @Inject
    CloudTrailClient cloudTrail;
    @Inject
    S3Client s3;
    @Inject
    SqsClient sqs;
    @Inject
    ObjectMapper mapper;

    FaultProxy proxy = HardeningProfile.proxy();
    String queue;

    @BeforeEach
    void stoppedTrailAndItsDeadLetterQueue() {
        MotoServer.reset();
        proxy.clear();
        DedupTable.create();
        s3.createBucket(b -> b.bucket(BUCKET));
        cloudTrail.createTrail(b -> b.name(TRAIL).s3BucketName(BUCKET));
        queue = sqs.createQueue(b -> b.queueName("trailguard-dead-letters-all")).queueUrl();
    }

    @AfterEach
    void clear() {
        proxy.clear();
    }

    @Test
    void aFailedRemediationIsShownKeptAndRedrivenOnceFixed() throws Exception {
        proxy.inject("StartLogging", Kind.ACCESS_DENIED, -1);
        ExtractableResponse<Response> failed = Lambda.invoke(EVENT).extract();
        assertNotEquals(200, failed.statusCode(), "the invocation fails, so that Lambda retries it and then gives it up");
        assertFalse(isLogging());
        sendOnFailureRecord(failed.asString());

        String listing = run("--queue", queue);
        assertTrue(listing.contains("1 entry in " + queue), listing);
        assertTrue(listing.contains("event " + eventId()), listing);
        assertTrue(listing.contains("policies: cloudtrail-tampering"), listing);
        assertTrue(listing.contains("AccessDenied"), "why it failed: " + listing);
        assertTrue(listing.contains("Lambda on-failure destination after 3 attempts, function " + FUNCTION), listing);
        assertEquals(1, messagesIn(queue), "listing changes nothing: the entry is visible again");

        String dryRun = run("--queue", queue, "--dry-run");
        assertTrue(dryRun.contains("dry-run:  cloudtrail-tampering"), dryRun);
        assertTrue(dryRun.contains("cloudtrail.start-logging"), dryRun);
        assertFalse(isLogging(), "a dry run changes nothing");
        assertEquals(1, messagesIn(queue));

        // the cause is still there: the entry fails again and is kept
        String again = runExpecting(1, "--queue", queue, "--send");
        assertTrue(again.contains("failed again, kept in the queue"), again);
        assertTrue(again.contains("AccessDenied"), again);
        assertEquals(1, messagesIn(queue));
        assertFalse(isLogging());

        // the fix (the remediation role gets its permission); the redriven event remediates, the queue empties
        proxy.clear();
        String sent = run("--queue", queue, "--send");
        assertTrue(sent.contains("succeeded, deleted from the queue"), sent);
        assertTrue(sent.contains("1 sent and deleted, 0 failed again, 0 left as they were"), sent);
        assertTrue(isLogging(), "the redriven event remediated the trail");
        assertEquals(0, messagesIn(queue));
    }

    @Test
    void anEntryThatHoldsNoEventIsListedAndNeverSentNorDeleted() throws Exception {
        sqs.sendMessage(b -> b.queueUrl(queue).messageBody("{\"not\":\"an event\"}"));

        String sent = run("--queue", queue, "--send", "--function", FUNCTION);

        assertTrue(sent.contains("no EventBridge event in the message"), sent);
        assertTrue(sent.contains("never sent, never deleted"), sent);
        assertEquals(1, messagesIn(queue));
    }

    @Test
    void badArgumentsAreAClearErrorWithTheUsage() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        assertEquals(2, redrive.run(new PrintStream(bytes, true, StandardCharsets.UTF_8), "--send"));
        assertTrue(bytes.toString(StandardCharsets.UTF_8).contains(RedriveCommand.USAGE));
        bytes.reset();
        assertEquals(2, redrive.run(new PrintStream(bytes, true, StandardCharsets.UTF_8), "--queue"));
        assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("a value is missing after --queue"), bytes.toString());
    }

    /** What Lambda's on-failure destination writes after its retries: the event and the function's error. */
    private void sendOnFailureRecord(String errorResponse) throws Exception {
        ObjectNode record = mapper.createObjectNode();
        record.put("version", "1.0").put("timestamp", "2026-11-30T23:00:00.000Z");
        record.putObject("requestContext").put("requestId", "c0ffee00-0000-4000-8000-000000000001").put("functionArn", FUNCTION)
                .put("condition", "RetriesExhausted").put("approximateInvokeCount", 3);
        record.set("requestPayload", mapper.readTree(EVENT));
        record.putObject("responseContext").put("statusCode", 200).put("executedVersion", "$LATEST").put("functionError", "Unhandled");
        record.set("responsePayload", mapper.readTree(errorResponse));
        sqs.sendMessage(b -> b.queueUrl(queue).messageBody(record.toString()));
    }

    private String run(String... args) {
        return runExpecting(0, args);
    }

    private String runExpecting(int code, String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exit = redrive.run(new PrintStream(bytes, true, StandardCharsets.UTF_8), args);
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(code, exit, out);
        return out;
    }

    /** The messages visible in the queue, asserting that none is left held (invisible) by the command. */
    private int messagesIn(String url) {
        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(b -> b.queueUrl(url)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                .attributes();
        assertEquals("0", attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE), "no entry is left held");
        return Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }

    private String eventId() throws Exception {
        return mapper.readTree(EVENT).path("detail").path("eventID").asText();
    }

    private boolean isLogging() {
        return Boolean.TRUE.equals(cloudTrail.getTrailStatus(b -> b.name(TRAIL)).isLogging());
    }
}
