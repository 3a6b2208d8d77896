package io.trailguard.it;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.sns.SnsClient;

/** The packaged function as the {@code kms} handler (enforce in %test): a key scheduled for deletion is kept and enabled. */
@ForFunction(HandlerNames.KMS)
@QuarkusIntegrationTest
@TestProfile(KmsHandlerIT.Profile.class)
class KmsHandlerIT {

    public static class Profile extends HandlerProfile {
        @Override
        protected String handler() {
            return HandlerNames.KMS;
        }
    }

    static final String POLICY = "kms-key-at-risk";
    // the key id in the samples under events/kms-key-at-risk/, replaced by the key moto created
    static final String SAMPLE_KEY = "1234abcd-12ab-34cd-56ef-1234567890ab";
    final ObjectMapper mapper = new ObjectMapper();
    final KmsClient kms = MotoClients.kms();
    final SnsClient sns = MotoClients.sns();
    AlertInbox alerts;

    @BeforeEach
    void freshAccount() {
        MotoServer.reset();
        alerts = AlertInbox.create(sns);
    }

    @AfterEach
    void close() {
        alerts.close();
        kms.close();
        sns.close();
    }

    @Test
    void scheduledDeletionIsCancelledAndTheKeyEnabled() throws Exception {
        String key = kms.createKey(b -> b.description("orders data key")).keyMetadata().keyId();
        kms.scheduleKeyDeletion(b -> b.keyId(key).pendingWindowInDays(7));
        assertEquals(KeyState.PENDING_DELETION, state(key), "precondition: the key is pending deletion");

        Lambda.invoke(SampleEvents.read(POLICY, "schedule-key-deletion").replace(SAMPLE_KEY, key)).statusCode(200)
                .body("status", equalTo("decided"))
                .body("decisions[0].policy", equalTo(POLICY))
                .body("decisions[0].actions.action", equalTo(List.of("kms.cancel-key-deletion", "kms.enable-key")))
                .body("decisions[0].actions.outcome", equalTo(List.of("applied", "applied")));

        var metadata = kms.describeKey(b -> b.keyId(key)).keyMetadata();
        assertEquals(KeyState.ENABLED, metadata.keyState(), "deletion cancelled and the key usable again");
        assertEquals(null, metadata.deletionDate(), "no deletion pending");
        List<String> messages = alerts.messages();
        assertEquals(1, messages.size(), "one alert: " + messages);
        JsonNode alert = mapper.readTree(messages.get(0));
        assertEquals("HIGH", alert.path("severity").asText());
        assertEquals("AWS::KMS::Key arn:aws:kms:us-east-1:123456789012:key/" + key, alert.path("resource").asText());
    }

    private KeyState state(String key) {
        return kms.describeKey(b -> b.keyId(key)).keyMetadata().keyState();
    }
}
