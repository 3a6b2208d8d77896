package io.trailguard.policies;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.sns.SnsClient;

/** iam-login-profile-for-other-user end to end: the event through the Lambda event server, then the user's password in moto. */
@QuarkusTest
class LoginProfileForOtherUserRemediationTest {

    static final String POLICY = "iam-login-profile-for-other-user";
    // moto stores it and never returns it; no real secret
    static final String PASSWORD = "Moto-test-only-1!";

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
        for (String user : List.of("alice", "bob", "carol")) {
            iam.createUser(b -> b.userName(user));
        }
        alerts = AlertInbox.create(sns);
    }

    @AfterEach
    void close() {
        alerts.close();
    }

    @Test
    void passwordCreatedForAnotherUserIsDeletedAndTheUserKeptAndASecondDeliveryChangesNothing() throws Exception {
        iam.createLoginProfile(b -> b.userName("bob").password(PASSWORD));
        iam.createLoginProfile(b -> b.userName("carol").password(PASSWORD));
        String event = SampleEvents.read(POLICY, "create-login-profile-for-other-user");

        Lambda.invoke(event).statusCode(200)
                .body("decisions[0].policy", equalTo(POLICY))
                .body("decisions[0].actions.action", equalTo(List.of("iam.delete-login-profile")))
                .body("decisions[0].actions.outcome", equalTo(List.of("applied")));

        assertThrows(NoSuchEntityException.class, () -> iam.getLoginProfile(b -> b.userName("bob")));
        assertEquals("bob", iam.getUser(b -> b.userName("bob")).user().userName(), "the user itself stays");
        assertEquals("carol", iam.getLoginProfile(b -> b.userName("carol")).loginProfile().userName(), "other users' passwords stay");
        List<String> messages = alerts.messages();
        assertEquals(1, messages.size(), "one alert");
        JsonNode alert = mapper.readTree(messages.get(0));
        assertEquals(POLICY, alert.path("policy").asText());
        assertEquals("HIGH", alert.path("severity").asText());

        Lambda.invoke(event).statusCode(200).body("decisions[0].actions.outcome", equalTo(List.of("already-compliant")));
    }

    @Test
    void passwordResetBySsoAdministratorIsDeleted() {
        iam.createLoginProfile(b -> b.userName("carol").password(PASSWORD));

        Lambda.invoke(SampleEvents.read(POLICY, "update-login-profile-by-sso-admin")).statusCode(200)
                .body("decisions[0].actions.outcome", equalTo(List.of("applied")));

        assertThrows(NoSuchEntityException.class, () -> iam.getLoginProfile(b -> b.userName("carol")));
    }

    @Test
    void ownPasswordIsLeftAloneAndNotAlerted() {
        iam.createLoginProfile(b -> b.userName("bob").password(PASSWORD));

        Lambda.invoke(SampleEvents.read(POLICY, "create-login-profile-own-user")).statusCode(200);

        assertEquals("bob", iam.getLoginProfile(b -> b.userName("bob")).loginProfile().userName());
        assertTrue(alerts.messages().isEmpty(), "no alert for a user's own password");
    }

    @Test
    void craftedUserNameIsAlertedAndNothingDeleted() {
        iam.createLoginProfile(b -> b.userName("bob").password(PASSWORD));

        Lambda.invoke(SampleEvents.read(POLICY, "crafted-user-name-path-traversal")).statusCode(200)
                .body("decisions[0].actions.outcome", equalTo(List.of("refused")));

        assertEquals("bob", iam.getLoginProfile(b -> b.userName("bob")).loginProfile().userName());
        assertEquals(1, alerts.messages().size(), "the finding is still alerted (fail closed)");
    }
}
