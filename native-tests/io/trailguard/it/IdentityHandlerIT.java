package io.trailguard.it;

import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import software.amazon.awssdk.services.sns.SnsClient;

/** The packaged function as the {@code identity} handler: a root sign-in is alerted CRITICAL through SNS, nothing changed. */
@ForFunction(HandlerNames.IDENTITY)
@QuarkusIntegrationTest
@TestProfile(IdentityHandlerIT.Profile.class)
class IdentityHandlerIT {

    public static class Profile extends HandlerProfile {
        @Override
        protected String handler() {
            return HandlerNames.IDENTITY;
        }
    }

    final ObjectMapper mapper = new ObjectMapper();
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
        sns.close();
    }

    @Test
    void rootSignInIsAlertedCritical() throws Exception {
        Lambda.invoke(SampleEvents.read("root-sign-in", "root-console-login-success")).statusCode(200)
                .body("status", equalTo("decided"))
                .body("decisions.policy", equalTo(List.of("root-sign-in")))
                .body("decisions[0].severity", equalTo("CRITICAL"))
                .body("decisions[0].actions", empty())
                .body("decisions[0].alert", equalTo("sns: sent"));

        List<String> messages = alerts.messages();
        assertEquals(1, messages.size(), "one alert: " + messages);
        JsonNode alert = mapper.readTree(messages.get(0));
        assertEquals("root-sign-in", alert.path("policy").asText());
        assertEquals("CRITICAL", alert.path("severity").asText());
        assertEquals("signin.amazonaws.com ConsoleLogin", alert.path("what").asText());
        assertEquals("AWS::IAM::RootUser 123456789012", alert.path("resource").asText());
    }

    @Test
    void anIamUsersSignInWithMfaIsNotAlerted() {
        Lambda.invoke(SampleEvents.read("root-sign-in", "iam-user-console-login")).statusCode(200);
        assertTrue(alerts.messages().isEmpty());
    }
}
