package io.trailguard.it;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;
import io.trailguard.AlertInbox;
import io.trailguard.Lambda;
import io.trailguard.MotoServer;
import io.trailguard.SampleEvents;
import io.trailguard.policy.HandlerNames;
import software.amazon.awssdk.services.config.ConfigClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;

/** The packaged function as the {@code security} handler: a stopped Config recorder records again and is alerted. */
@ForFunction(HandlerNames.SECURITY)
@QuarkusIntegrationTest
@TestProfile(SecurityHandlerIT.Profile.class)
class SecurityHandlerIT {

    public static class Profile extends HandlerProfile {
        @Override
        protected String handler() {
            return HandlerNames.SECURITY;
        }
    }

    static final String POLICY = "security-controls-disabled";
    // the recorder named in the samples under events/security-controls-disabled/
    static final String RECORDER = "default";
    static final String BUCKET = "tg-config-123456789012";
    final ObjectMapper mapper = new ObjectMapper();
    final ConfigClient config = MotoClients.config();
    final S3Client s3 = MotoClients.s3();
    final SnsClient sns = MotoClients.sns();
    AlertInbox alerts;

    @BeforeEach
    void stoppedRecorder() {
        MotoServer.reset();
        s3.createBucket(b -> b.bucket(BUCKET));
        config.putConfigurationRecorder(b -> b.configurationRecorder(r -> r.name(RECORDER)
                .roleARN("arn:aws:iam::123456789012:role/aws-config-recorder")
                .recordingGroup(g -> g.allSupported(true).includeGlobalResourceTypes(true))));
        // moto, like AWS, starts a recorder only with a delivery channel
        config.putDeliveryChannel(b -> b.deliveryChannel(d -> d.name(RECORDER).s3BucketName(BUCKET)));
        config.startConfigurationRecorder(b -> b.configurationRecorderName(RECORDER));
        config.stopConfigurationRecorder(b -> b.configurationRecorderName(RECORDER));
        alerts = AlertInbox.create(sns);
    }

    @AfterEach
    void close() {
        alerts.close();
        config.close();
        s3.close();
        sns.close();
    }

    @Test
    void stoppedConfigRecorderRecordsAgainAndIsAlerted() throws Exception {
        assertFalse(recording(), "precondition: the recorder is stopped");

        Lambda.invoke(SampleEvents.read(POLICY, "stop-configuration-recorder")).statusCode(200)
                .body("status", equalTo("decided"))
                .body("decisions[0].policy", equalTo(POLICY))
                .body("decisions[0].actions.action", equalTo(List.of("config.start-configuration-recorder")))
                .body("decisions[0].actions.outcome", equalTo(List.of("applied")));

        assertTrue(recording(), "the recorder records again");
        List<String> messages = alerts.messages();
        assertEquals(1, messages.size(), "one alert: " + messages);
        JsonNode alert = mapper.readTree(messages.get(0));
        assertEquals(POLICY, alert.path("policy").asText());
        assertEquals("CRITICAL", alert.path("severity").asText());
    }

    @Test
    void replayedStopChangesNothing() {
        Lambda.invoke(SampleEvents.read(POLICY, "replayed-from-archive")).statusCode(200)
                .body("decisions[0].mode", equalTo("dry-run"))
                .body("decisions[0].actions.outcome", equalTo(List.of("would-apply")));

        assertFalse(recording(), "a replay changes nothing");
        assertTrue(alerts.messages().isEmpty(), "a dry-run does not alert");
    }

    private boolean recording() {
        return config.describeConfigurationRecorderStatus(b -> b.configurationRecorderNames(RECORDER))
                .configurationRecordersStatus().get(0).recording();
    }
}
