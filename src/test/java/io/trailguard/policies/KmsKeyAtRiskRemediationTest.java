package io.trailguard.policies;

import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.sns.SnsClient;

/** kms-key-at-risk end to end (enforce in %test): an event through the Lambda event server, then the key's state in moto. */
@QuarkusTest
class KmsKeyAtRiskRemediationTest {

    static final String POLICY = "kms-key-at-risk";
    // the key id in the samples under events/kms-key-at-risk/, replaced by the key moto created
    static final String SAMPLE_KEY = "1234abcd-12ab-34cd-56ef-1234567890ab";

    @Inject
    KmsClient kms;
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
    void scheduledDeletionIsCancelledAndTheKeyEnabledAndASecondDeliveryChangesNothing() throws Exception {
        String key = kms.createKey(b -> b.description("orders data key")).keyMetadata().keyId();
        kms.scheduleKeyDeletion(b -> b.keyId(key).pendingWindowInDays(7));
        assertEquals(KeyState.PENDING_DELETION, state(key), "precondition: the key is pending deletion");
        String event = sample("schedule-key-deletion", key);

        Lambda.invoke(event).statusCode(200).body("status", equalTo("decided"))
                .body("decisions[0].policy", equalTo(POLICY))
                .body("decisions[0].actions.action", equalTo(List.of("kms.cancel-key-deletion", "kms.enable-key")))
                .body("decisions[0].actions.outcome", equalTo(List.of("applied", "applied")));

        assertEquals(KeyState.ENABLED, state(key), "deletion cancelled and the key usable again");
        JsonNode alert = onlyAlert();
        assertEquals(POLICY, alert.path("policy").asText());
        assertEquals("HIGH", alert.path("severity").asText());
        assertEquals("kms.amazonaws.com ScheduleKeyDeletion", alert.path("what").asText());
        assertEquals("AWS::KMS::Key arn:aws:kms:us-east-1:123456789012:key/" + key, alert.path("resource").asText());

        Lambda.invoke(event).statusCode(200)
                .body("decisions[0].actions.outcome", equalTo(List.of("already-compliant", "already-compliant")));
        assertEquals(KeyState.ENABLED, state(key));
    }

    @Test
    void disabledKeyIsEnabled() throws Exception {
        String key = kms.createKey(b -> b.description("orders data key")).keyMetadata().keyId();
        kms.disableKey(b -> b.keyId(key));

        Lambda.invoke(sample("disable-key", key)).statusCode(200)
                .body("decisions[0].actions.action", equalTo(List.of("kms.enable-key")))
                .body("decisions[0].actions.outcome", equalTo(List.of("applied")));

        assertEquals(KeyState.ENABLED, state(key));
        assertEquals("HIGH", onlyAlert().path("severity").asText());
    }

    @Test
    void keyTaggedExemptStaysDisabledAndIsNotAlerted() {
        String key = kms.createKey(b -> b.tags(t -> t.tagKey("trailguard:exempt").tagValue("true"))).keyMetadata().keyId();
        kms.disableKey(b -> b.keyId(key));

        Lambda.invoke(sample("disable-key", key)).statusCode(200)
                .body("decisions[0].skipped", equalTo("exempt by tag trailguard:exempt=true"))
                .body("decisions[0].actions", empty());

        assertEquals(KeyState.DISABLED, state(key), "its owners disabled it on purpose");
        assertTrue(alerts.messages().isEmpty());
    }

    @Test
    void publicKeyPolicyIsAlertedCriticalAndLeftAsItIs() throws Exception {
        String key = kms.createKey(b -> b.description("orders data key")).keyMetadata().keyId();

        Lambda.invoke(sample("put-key-policy-principal-star", key)).statusCode(200)
                .body("decisions[0].severity", equalTo("CRITICAL"))
                .body("decisions[0].actions", empty());

        assertEquals(KeyState.ENABLED, state(key));
        JsonNode alert = onlyAlert();
        assertEquals("CRITICAL", alert.path("severity").asText());
        assertTrue(alert.path("findings").get(0).asText().contains("AllowEveryone"), alert.toString());
    }

    private String sample(String name, String key) {
        return SampleEvents.read(POLICY, name).replace(SAMPLE_KEY, key);
    }

    private KeyState state(String key) {
        return kms.describeKey(b -> b.keyId(key)).keyMetadata().keyState();
    }

    private JsonNode onlyAlert() throws Exception {
        List<String> messages = alerts.messages();
        assertEquals(1, messages.size(), "one alert: " + messages);
        return mapper.readTree(messages.get(0));
    }
}
