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
import software.amazon.awssdk.services.config.ConfigClient;
import software.amazon.awssdk.services.guardduty.GuardDutyClient;
import software.amazon.awssdk.services.guardduty.model.DetectorStatus;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;

/** security-controls-disabled end to end: an event through the Lambda event server, then Config's and GuardDuty's state in moto. */
@QuarkusTest
class SecurityControlsRemediationTest {

    static final String POLICY = "security-controls-disabled";
    // the recorder and detector named in the samples under events/security-controls-disabled/
    static final String RECORDER = "default";
    static final String SAMPLE_DETECTOR = "12abc34d567e8fa901bc2d34e56789f0";
    static final String BUCKET = "tg-config-123456789012";

    @Inject
    ConfigClient config;
    @Inject
    GuardDutyClient guardDuty;
    @Inject
    S3Client s3;
    @Inject
    SnsClient sns;
    @Inject
    ObjectMapper mapper;

    AlertInbox alerts;

    @BeforeEach
    void freshAccount() {
        MotoServer.reset();
        alerts = AlertInbox.create(sns);
    }

    @AfterEach
    void close() {
        alerts.close();
    }

    @Test
    void stoppedConfigRecorderIsStartedAndAlertedOnceAndASecondDeliveryChangesNothing() throws Exception {
        stoppedRecorder();
        assertFalse(recording(), "precondition: the recorder is stopped");
        String event = SampleEvents.read(POLICY, "stop-configuration-recorder");

        Lambda.invoke(event).statusCode(200).body("status", equalTo("decided"))
                .body("decisions[0].policy", equalTo(POLICY))
                .body("decisions[0].actions.action", equalTo(List.of("config.start-configuration-recorder")))
                .body("decisions[0].actions.outcome", equalTo(List.of("applied")));

        assertTrue(recording(), "the recorder records again");
        JsonNode alert = onlyAlert();
        assertEquals(POLICY, alert.path("policy").asText());
        assertEquals("CRITICAL", alert.path("severity").asText());
        assertEquals("config.amazonaws.com StopConfigurationRecorder", alert.path("what").asText());

        Lambda.invoke(event).statusCode(200).body("decisions[0].actions.outcome", equalTo(List.of("already-compliant")));
        assertTrue(recording());
    }

    @Test
    void disabledGuardDutyDetectorIsEnabledAgain() throws Exception {
        String detector = guardDuty.createDetector(b -> b.enable(true)).detectorId();
        guardDuty.updateDetector(b -> b.detectorId(detector).enable(false));
        assertEquals(DetectorStatus.DISABLED, status(detector), "precondition: the detector is disabled");
        String event = SampleEvents.read(POLICY, "update-detector-disable").replace(SAMPLE_DETECTOR, detector);

        Lambda.invoke(event).statusCode(200)
                .body("decisions[0].actions.action", equalTo(List.of("guardduty.enable-detector")))
                .body("decisions[0].actions.outcome", equalTo(List.of("applied")));

        assertEquals(DetectorStatus.ENABLED, status(detector));
        JsonNode alert = onlyAlert();
        assertEquals("CRITICAL", alert.path("severity").asText());
        assertEquals("AWS::GuardDuty::Detector " + detector, alert.path("resource").asText());

        Lambda.invoke(event).statusCode(200).body("decisions[0].actions.outcome", equalTo(List.of("already-compliant")));
    }

    @Test
    void anEnabledDetectorIsNotTouched() {
        String detector = guardDuty.createDetector(b -> b.enable(true)).detectorId();

        Lambda.invoke(SampleEvents.read(POLICY, "update-detector-enable").replace(SAMPLE_DETECTOR, detector)).statusCode(200)
                .body("decisions[0].matched", equalTo(false));

        assertEquals(DetectorStatus.ENABLED, status(detector));
        assertTrue(alerts.messages().isEmpty());
    }

    @Test
    void deletedDetectorIsAlertedWithNothingToUndo() throws Exception {
        Lambda.invoke(SampleEvents.read(POLICY, "delete-detector")).statusCode(200)
                .body("decisions[0].severity", equalTo("CRITICAL"))
                .body("decisions[0].actions", empty());

        JsonNode alert = onlyAlert();
        assertEquals("guardduty.amazonaws.com DeleteDetector", alert.path("what").asText());
        assertTrue(alert.path("actions").isEmpty());
    }

    @Test
    void replayedStopOnlyRecordsWhatItWouldDo() {
        stoppedRecorder();

        Lambda.invoke(SampleEvents.read(POLICY, "replayed-from-archive")).statusCode(200)
                .body("decisions[0].mode", equalTo("dry-run"))
                .body("decisions[0].actions.outcome", equalTo(List.of("would-apply")));

        assertFalse(recording(), "a replay changes nothing");
        assertTrue(alerts.messages().isEmpty(), "a dry-run does not alert");
    }

    private void stoppedRecorder() {
        s3.createBucket(b -> b.bucket(BUCKET));
        config.putConfigurationRecorder(b -> b.configurationRecorder(r -> r.name(RECORDER)
                .roleARN("arn:aws:iam::123456789012:role/aws-config-recorder")
                .recordingGroup(g -> g.allSupported(true).includeGlobalResourceTypes(true))));
        // moto, like AWS, starts a recorder only with a delivery channel
        config.putDeliveryChannel(b -> b.deliveryChannel(d -> d.name(RECORDER).s3BucketName(BUCKET)));
        config.startConfigurationRecorder(b -> b.configurationRecorderName(RECORDER));
        config.stopConfigurationRecorder(b -> b.configurationRecorderName(RECORDER));
    }

    private boolean recording() {
        return config.describeConfigurationRecorderStatus(b -> b.configurationRecorderNames(RECORDER))
                .configurationRecordersStatus().get(0).recording();
    }

    private DetectorStatus status(String detector) {
        return guardDuty.getDetector(b -> b.detectorId(detector)).status();
    }

    private JsonNode onlyAlert() throws Exception {
        List<String> messages = alerts.messages();
        assertEquals(1, messages.size(), "one alert: " + messages);
        return mapper.readTree(messages.get(0));
    }
}
