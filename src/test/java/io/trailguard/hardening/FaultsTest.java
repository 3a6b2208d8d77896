package io.trailguard.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.trailguard.AlertInbox;
import io.trailguard.CapturingAuditLog;
import io.trailguard.FaultProxy;
import io.trailguard.FaultProxy.Kind;
import io.trailguard.HardeningProfile;
import io.trailguard.Lambda;
import io.trailguard.MotoServer;
import io.trailguard.SampleEvents;
import io.trailguard.handler.InterceptionResult;
import io.trailguard.handler.Interceptor;
import io.trailguard.handler.RemediationFailedException;
import io.trailguard.notify.AuditRecord;
import io.trailguard.policy.ActionResult;
import io.trailguard.policy.Deadline;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * AWS faults injected by the {@link FaultProxy} between trailguard's CloudTrail calls and moto, on the
 * StopLogging → StartLogging remediation: transient faults are retried with backoff until the remediation is
 * applied; faults that outlast the attempts or the invocation's deadline fail the invocation (Lambda retries
 * it), and a redelivery then completes it. Every outcome and its attempts are in the audit line.
 */
@QuarkusTest
@TestProfile(HardeningProfile.class)
class FaultsTest {

    static final String TRAIL = "tg-audit-trail";
    static final String BUCKET = "tg-cloudtrail-logs-123456789012";
    static final String EVENT = SampleEvents.read("cloudtrail-tampering", "stop-logging-by-name");

    @Inject
    Interceptor interceptor;
    @Inject
    CloudTrailClient cloudTrail;
    @Inject
    S3Client s3;
    @Inject
    SnsClient sns;
    @Inject
    CapturingAuditLog audit;

    FaultProxy proxy = HardeningProfile.proxy();
    AlertInbox alerts;

    @BeforeEach
    void stoppedTrail() {
        MotoServer.reset();
        proxy.clear();
        DedupTable.create();
        s3.createBucket(b -> b.bucket(BUCKET));
        cloudTrail.createTrail(b -> b.name(TRAIL).s3BucketName(BUCKET));
        alerts = AlertInbox.create(sns);
        proxy.clear();
    }

    @AfterEach
    void close() {
        proxy.clear();
        alerts.close();
    }

    @Test
    void throttledReadIsRetriedUntilApplied() {
        proxy.inject("GetTrailStatus", Kind.THROTTLE, 2);

        ActionResult action = startLogging(intercept(Deadline.after(20_000)));

        assertEquals(ActionResult.APPLIED, action.outcome());
        assertEquals(3, action.attempts(), "two throttled attempts, then the one that went through");
        assertEquals(3, proxy.requests("GetTrailStatus"), "no hidden SDK retries: one request per attempt");
        assertTrue(isLogging());
        assertEquals(1, alerts.messages().size());
    }

    @Test
    void throttledTagReadStillFindsTheExemption() {
        // an unreadable tag does not exempt: a throttle must not make the exemption tag look absent
        cloudTrail.addTags(b -> b.resourceId("arn:aws:cloudtrail:us-east-1:123456789012:trail/" + TRAIL)
                .tagsList(t -> t.key("trailguard:exempt").value("true")));
        proxy.clear();
        proxy.inject("ListTags", Kind.THROTTLE, 2);

        InterceptionResult result = intercept(Deadline.after(20_000));

        assertEquals("exempt by tag trailguard:exempt=true", result.decisions().get(0).conclusion().skipped());
        assertEquals(3, proxy.requests("ListTags"));
        assertFalse(isLogging(), "an exempt trail is left stopped");
    }

    @Test
    void serverErrorsOnTheWriteAreRetried() {
        proxy.inject("StartLogging", Kind.ERROR_503, 1);
        proxy.inject("StartLogging", Kind.ERROR_500, 1);

        ActionResult action = startLogging(intercept(Deadline.after(20_000)));

        assertEquals(ActionResult.APPLIED, action.outcome());
        assertEquals(3, action.attempts());
        assertEquals(3, proxy.requests("StartLogging"));
        assertTrue(isLogging());
    }

    @Test
    void droppedConnectionIsRetried() {
        proxy.inject("GetTrailStatus", Kind.DROP, 1);

        ActionResult action = startLogging(intercept(Deadline.after(20_000)));

        assertEquals(ActionResult.APPLIED, action.outcome());
        assertEquals(2, action.attempts());
        assertTrue(isLogging());
    }

    @Test
    void slowAnswerPastTheCallTimeoutIsRetried() {
        // the profile's api-call-timeout is 1.5 s
        proxy.inject("StartLogging", Kind.SLOW, 1, 2500);

        ActionResult action = startLogging(intercept(Deadline.after(20_000)));

        assertEquals(ActionResult.APPLIED, action.outcome());
        assertEquals(2, action.attempts());
        assertTrue(isLogging());
    }

    @Test
    void persistentThrottlingFailsTheInvocationAndTheRedeliveryCompletesIt() {
        proxy.inject("StartLogging", Kind.THROTTLE, -1);

        RemediationFailedException failure = assertThrows(RemediationFailedException.class, () -> intercept(Deadline.after(20_000)));
        assertTrue(failure.getMessage().contains("ThrottlingException") || failure.getMessage().contains("Throttl"), failure.getMessage());
        AuditRecord record = lastDecision();
        assertEquals(ActionResult.FAILED, record.outcome().actions().get(0).outcome());
        assertEquals(4, record.outcome().actions().get(0).attempts(), "trailguard.retry.max-attempts of the profile");
        assertTrue(record.outcome().actions().get(0).error().contains("gave up after 4 attempts"), record.outcome().actions().get(0).error());
        assertEquals(4, proxy.requests("StartLogging"));
        assertFalse(isLogging());

        // Lambda's async retry: the fault is gone, the redelivered event is remediated
        proxy.clear();
        ActionResult retried = startLogging(intercept(Deadline.after(20_000)));
        assertEquals(ActionResult.APPLIED, retried.outcome());
        assertTrue(isLogging());
        // and a further delivery, once handled, neither acts nor alerts again
        ActionResult again = startLogging(intercept(Deadline.after(20_000)));
        assertEquals(ActionResult.ALREADY_COMPLIANT, again.outcome());
        assertTrue(lastDecision().outcome().alert().startsWith("not sent: duplicate"), lastDecision().outcome().alert());
        assertEquals(2, alerts.messages().size(), "the failed run's alert and the applied run's alert, no third");
    }

    @Test
    void retriesStopAtTheInvocationDeadline() {
        proxy.inject("StartLogging", Kind.THROTTLE, -1);
        long start = System.nanoTime();

        assertThrows(RemediationFailedException.class, () -> intercept(Deadline.after(150)));

        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        ActionResult action = lastDecision().outcome().actions().get(0);
        assertEquals(ActionResult.FAILED, action.outcome());
        assertTrue(action.error().contains("no time left to retry") || action.error().contains("gave up"), action.error());
        assertTrue(millis < 1500, "gave up within the deadline, took " + millis + " ms");
    }

    @Test
    void failedInvocationThroughTheRuntimeLoopIsReportedAndTheLoopGoesOn() {
        proxy.inject("StartLogging", Kind.THROTTLE, -1);

        int status = Lambda.invoke(EVENT).extract().statusCode();
        assertNotEquals(200, status, "the invocation fails so that Lambda retries it");
        assertFalse(isLogging());

        proxy.clear();
        Lambda.invoke(EVENT).statusCode(200);
        assertTrue(isLogging(), "the next delivery is remediated");
    }

    @Test
    void trailNotCreatedYetIsRecheckedAfterTheConfiguredDelay() throws Exception {
        String late = "tg-late-trail";
        String event = EVENT.replace("\"" + TRAIL + "\"", "\"" + late + "\"");
        // the creator's CreateTrail lands after our first look (not-found-retry-millis is 400 in the profile)
        CompletableFuture<Void> creator = CompletableFuture.runAsync(() -> {
            sleep(500);
            cloudTrail.createTrail(b -> b.name(late).s3BucketName(BUCKET));
        });

        ActionResult action = startLogging(interceptor.intercept(event.getBytes(StandardCharsets.UTF_8), "all", Deadline.after(20_000)));
        creator.get(5, TimeUnit.SECONDS);

        assertEquals(ActionResult.APPLIED, action.outcome());
        assertTrue(action.attempts() >= 2, "re-checked after not found: " + action);
        assertTrue(Boolean.TRUE.equals(cloudTrail.getTrailStatus(b -> b.name(late)).isLogging()));
    }

    @Test
    void notFoundWithoutAConfiguredDelayFailsAtOnce() {
        // s3-public-bucket has no not-found-retry-millis: a missing bucket is not waited for
        assertThrows(RemediationFailedException.class, () -> interceptor.intercept(
                SampleEvents.read("s3-public-bucket", "delete-bucket-public-access-block").getBytes(StandardCharsets.UTF_8), "all",
                Deadline.after(20_000)));
        ActionResult action = lastDecision().outcome().actions().get(0);
        assertEquals(ActionResult.FAILED, action.outcome());
        assertEquals(1, action.attempts());
    }

    private InterceptionResult intercept(Deadline deadline) {
        audit.clearLatest();
        return interceptor.intercept(EVENT.getBytes(StandardCharsets.UTF_8), "all", deadline);
    }

    private static ActionResult startLogging(InterceptionResult result) {
        assertEquals(InterceptionResult.DECIDED, result.status(), String.valueOf(result));
        List<ActionResult> actions = result.decisions().get(0).outcome().actions();
        assertEquals("cloudtrail.start-logging", actions.get(0).action());
        return actions.get(0);
    }

    private AuditRecord lastDecision() {
        List<AuditRecord> records = audit.latest().stream().filter(r -> AuditRecord.DECISION.equals(r.type())).toList();
        return records.get(records.size() - 1);
    }

    private boolean isLogging() {
        return Boolean.TRUE.equals(cloudTrail.getTrailStatus(b -> b.name(TRAIL)).isLogging());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
