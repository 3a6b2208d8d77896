package io.trailguard.policies;

import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.trailguard.AlertInbox;
import io.trailguard.Lambda;
import io.trailguard.MotoServer;
import io.trailguard.SampleEvents;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;

/** cloudtrail-tampering end to end: an event through the Lambda event server, then the trail's state in moto. */
@QuarkusTest
class TrailTamperingRemediationTest {

    static final String POLICY = "cloudtrail-tampering";
    // the trail and bucket named in the samples under events/cloudtrail-tampering/
    static final String TRAIL = "tg-audit-trail";
    static final String BUCKET = "tg-cloudtrail-logs-123456789012";

    @Inject
    CloudTrailClient cloudTrail;
    @Inject
    S3Client s3;
    @Inject
    SnsClient sns;
    @Inject
    ObjectMapper mapper;

    AlertInbox alerts;
    String trailArn;

    @BeforeEach
    void stoppedTrail() {
        MotoServer.reset();
        // moto's CreateTrail checks that the log bucket exists
        s3.createBucket(b -> b.bucket(BUCKET));
        trailArn = cloudTrail.createTrail(b -> b.name(TRAIL).s3BucketName(BUCKET).isMultiRegionTrail(true)).trailARN();
        cloudTrail.startLogging(b -> b.name(TRAIL));
        cloudTrail.stopLogging(b -> b.name(TRAIL));
        alerts = AlertInbox.create(sns);
    }

    @AfterEach
    void close() {
        alerts.close();
    }

    @Test
    void stoppedTrailIsRestartedAndAlerted() throws Exception {
        assertFalse(isLogging(), "precondition: the trail is stopped");

        Lambda.invoke(SampleEvents.read(POLICY, "stop-logging-by-name")).statusCode(200).body("status", equalTo("decided"))
                .body("decisions[0].policy", equalTo(POLICY))
                .body("decisions[0].actions.action", equalTo(List.of("cloudtrail.start-logging")))
                .body("decisions[0].actions.outcome", equalTo(List.of("applied")));

        assertTrue(isLogging(), "logging is back on");
        List<String> messages = alerts.messages();
        assertEquals(1, messages.size(), "one alert");
        JsonNode alert = mapper.readTree(messages.get(0));
        assertEquals(POLICY, alert.path("policy").asText());
        assertEquals("CRITICAL", alert.path("severity").asText());
        assertEquals("arn:aws:iam::123456789012:user/alice", alert.path("who").asText());
        assertEquals("cloudtrail.amazonaws.com StopLogging", alert.path("what").asText());
    }

    @Test
    void oddFieldTypesDoNotHideTheStopAndAreNotedInTheAuditLine() {
        assertFalse(isLogging(), "precondition: the trail is stopped");

        Lambda.invoke(SampleEvents.read(POLICY, "stop-logging-odd-field-types")).statusCode(200).body("status", equalTo("decided"))
                .body("decisions[0].policy", equalTo(POLICY))
                .body("decisions[0].actions.outcome", equalTo(List.of("applied")))
                .body("decisions[0].oddities", equalTo(List.of(
                        "detail.sourceIPAddress: expected a string, got an array",
                        "detail.userAgent: expected a string, got an object",
                        "detail.resources: expected an array, got an object")));

        assertTrue(isLogging(), "logging is back on");
        assertEquals(1, alerts.messages().size(), "one alert");
    }

    @Test
    void secondDeliveryFindsTheTrailAlreadyLogging() {
        String event = SampleEvents.read(POLICY, "stop-logging-by-name");

        Lambda.invoke(event).statusCode(200).body("decisions[0].actions[0].outcome", equalTo("applied"));
        Lambda.invoke(event).statusCode(200).body("decisions[0].actions[0].outcome", equalTo("already-compliant"));
        assertTrue(isLogging());
    }

    @Test
    void trailTaggedExemptStaysStopped() {
        cloudTrail.addTags(b -> b.resourceId(trailArn).tagsList(t -> t.key("trailguard:exempt").value("true")));

        Lambda.invoke(SampleEvents.read(POLICY, "stop-logging-by-name")).statusCode(200)
                .body("decisions[0].skipped", equalTo("exempt by tag trailguard:exempt=true"))
                .body("decisions[0].actions", empty());

        assertFalse(isLogging(), "an exempt trail is left stopped");
        assertTrue(alerts.messages().isEmpty(), "an exempt trail is not alerted on");
    }

    @Test
    void deletedTrailIsAlertedWithNoAction() throws Exception {
        cloudTrail.deleteTrail(b -> b.name(TRAIL));

        Lambda.invoke(SampleEvents.read(POLICY, "delete-trail")).statusCode(200)
                .body("decisions[0].matched", equalTo(true))
                .body("decisions[0].severity", equalTo("CRITICAL"))
                .body("decisions[0].actions", empty());

        List<String> messages = alerts.messages();
        assertEquals(1, messages.size(), "one alert");
        JsonNode alert = mapper.readTree(messages.get(0));
        assertEquals(POLICY, alert.path("policy").asText());
        assertEquals("CRITICAL", alert.path("severity").asText());
        assertTrue(alert.path("actions").isEmpty(), "nothing to undo a deletion with: " + alert);
    }

    @Test
    void replayedStopOnlyRecordsWhatItWouldDo() {
        Lambda.invoke(SampleEvents.read(POLICY, "replayed-from-archive")).statusCode(200)
                .body("decisions[0].mode", equalTo("dry-run"))
                .body("decisions[0].actions.outcome", equalTo(List.of("would-apply")));

        assertFalse(isLogging(), "a replay changes nothing");
        assertTrue(alerts.messages().isEmpty(), "a dry-run does not alert");
    }

    private boolean isLogging() {
        return Boolean.TRUE.equals(cloudTrail.getTrailStatus(b -> b.name(TRAIL)).isLogging());
    }
}
