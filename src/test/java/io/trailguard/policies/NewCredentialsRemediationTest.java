package io.trailguard.policies;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.junit.QuarkusTest;
import io.trailguard.AlertInbox;
import io.trailguard.Lambda;
import io.trailguard.MotoServer;
import io.trailguard.SampleEvents;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.StatusType;
import software.amazon.awssdk.services.sns.SnsClient;

/** iam-new-credentials end to end: a CreateAccessKey event through the Lambda event server, then the key's state in moto. */
@QuarkusTest
class NewCredentialsRemediationTest {

    static final String POLICY = "iam-new-credentials";
    static final String USER = "bob";

    @Inject
    IamClient iam;
    @Inject
    SnsClient sns;
    @Inject
    ObjectMapper mapper;

    AlertInbox alerts;

    @BeforeEach
    void freshAccount() {
        MotoServer.reset();
        iam.createUser(b -> b.userName(USER));
        alerts = AlertInbox.create(sns);
    }

    @AfterEach
    void close() {
        alerts.close();
    }

    @Test
    void newKeyIsDeactivatedAndAlertedOnceAndASecondDeliveryChangesNothing() throws Exception {
        String keyId = createKey();
        String event = createAccessKeyEvent(keyId);

        Lambda.invoke(event).statusCode(200).body("status", equalTo("decided"))
                .body("decisions[0].policy", equalTo(POLICY))
                .body("decisions[0].actions.outcome", equalTo(List.of("applied")));

        assertEquals(StatusType.INACTIVE, status(keyId));
        List<String> messages = alerts.messages();
        assertEquals(1, messages.size(), "one alert");
        JsonNode alert = mapper.readTree(messages.get(0));
        assertEquals(POLICY, alert.path("policy").asText());
        assertEquals("HIGH", alert.path("severity").asText());
        assertEquals("arn:aws:iam::123456789012:user/alice", alert.path("who").asText());

        Lambda.invoke(event).statusCode(200).body("decisions[0].actions.outcome", equalTo(List.of("already-compliant")));
        assertEquals(StatusType.INACTIVE, status(keyId));
    }

    @Test
    void onlyTheKeyInTheEventIsDeactivated() throws Exception {
        String older = createKey();
        String created = createKey();

        Lambda.invoke(createAccessKeyEvent(created)).statusCode(200)
                .body("decisions[0].actions.outcome", equalTo(List.of("applied")));

        assertEquals(StatusType.INACTIVE, status(created));
        assertEquals(StatusType.ACTIVE, status(older), "the user's other key keeps working");
    }

    @Test
    void userTaggedExemptKeepsAnActiveKeyAndNoAlert() throws Exception {
        iam.tagUser(b -> b.userName(USER).tags(t -> t.key("trailguard:exempt").value("true")));
        String keyId = createKey();

        Lambda.invoke(createAccessKeyEvent(keyId)).statusCode(200)
                .body("decisions[0].skipped", equalTo("exempt by tag trailguard:exempt=true"));

        assertEquals(StatusType.ACTIVE, status(keyId));
        assertTrue(alerts.messages().isEmpty());
    }

    @Test
    void anIamUserNamedRootTaggedExemptDoesNotSilenceARootKeyAlert() throws Exception {
        // "root" is a valid IAM user name: the root user's key must not be looked up as that user's
        iam.createUser(b -> b.userName("root").tags(t -> t.key("trailguard:exempt").value("true")));

        Lambda.invoke(SampleEvents.read(POLICY, "create-access-key-root-own")).statusCode(200)
                .body("decisions[0].policy", equalTo(POLICY))
                .body("decisions[0].skipped", equalTo(null))
                .body("decisions[0].actions", equalTo(List.of()));

        // the handler "all" also runs root-api-call, which alerts on the root user's call itself
        List<JsonNode> mine = new ArrayList<>();
        for (String message : alerts.messages()) {
            JsonNode alert = mapper.readTree(message);
            if (POLICY.equals(alert.path("policy").asText())) {
                mine.add(alert);
            }
        }
        assertEquals(1, mine.size());
        assertEquals("CRITICAL", mine.get(0).path("severity").asText());
    }

    @Test
    void createUserIsAlertedAndNothingIsChanged() throws Exception {
        iam.createUser(b -> b.userName("carol"));

        Lambda.invoke(SampleEvents.read(POLICY, "create-user")).statusCode(200)
                .body("decisions[0].mode", equalTo("enforce"))
                .body("decisions[0].actions", equalTo(List.of()));

        assertEquals("carol", iam.getUser(b -> b.userName("carol")).user().userName());
        List<String> messages = alerts.messages();
        assertEquals(1, messages.size());
        assertEquals("MEDIUM", mapper.readTree(messages.get(0)).path("severity").asText());
    }

    private String createKey() {
        return iam.createAccessKey(b -> b.userName(USER)).accessKey().accessKeyId();
    }

    /** The sample CreateAccessKey event, naming the key moto really created. */
    private String createAccessKeyEvent(String keyId) throws Exception {
        JsonNode event = mapper.readTree(SampleEvents.read(POLICY, "create-access-key-for-user"));
        ((ObjectNode) event.path("detail").path("responseElements").path("accessKey")).put("accessKeyId", keyId);
        return mapper.writeValueAsString(event);
    }

    private StatusType status(String keyId) {
        return iam.listAccessKeys(b -> b.userName(USER)).accessKeyMetadata().stream()
                .filter(k -> keyId.equals(k.accessKeyId())).findFirst().orElseThrow().status();
    }
}
