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

import io.quarkus.test.junit.QuarkusTest;
import io.trailguard.AlertInbox;
import io.trailguard.Lambda;
import io.trailguard.LambdaFunctions;
import io.trailguard.MotoServer;
import io.trailguard.SampleEvents;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.sns.SnsClient;

/** lambda-public-permission end to end: a function's resource policy in moto, the AddPermission event, the statements after. */
@QuarkusTest
class LambdaPublicPermissionRemediationTest {

    static final String POLICY = "lambda-public-permission";
    static final String FUNCTION = "orders-api";

    @Inject
    LambdaClient lambda;
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
        LambdaFunctions.create(iam, lambda, FUNCTION);
        // the function's legitimate statement, which must survive every removal
        lambda.addPermission(b -> b.functionName(FUNCTION).statementId("AllowAPIInvoke").action("lambda:InvokeFunction")
                .principal("apigateway.amazonaws.com").sourceArn("arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/*/POST/orders"));
        alerts = AlertInbox.create(sns);
    }

    @AfterEach
    void close() {
        alerts.close();
    }

    @Test
    void theStatementGrantingEveryoneIsRemovedAndTheOthersStay() throws Exception {
        lambda.addPermission(b -> b.functionName(FUNCTION).statementId("backdoor").action("lambda:InvokeFunction").principal("*"));
        String event = SampleEvents.read(POLICY, "add-permission-to-everyone");

        Lambda.invoke(event).statusCode(200)
                .body("decisions[0].policy", equalTo(POLICY))
                .body("decisions[0].actions.action", equalTo(List.of("lambda.remove-permission")))
                .body("decisions[0].actions.outcome", equalTo(List.of("applied")));

        assertEquals(List.of("AllowAPIInvoke"), statementIds());
        List<String> messages = alerts.messages();
        assertEquals(1, messages.size(), "one alert");
        JsonNode alert = mapper.readTree(messages.get(0));
        assertEquals(POLICY, alert.path("policy").asText());
        assertEquals("HIGH", alert.path("severity").asText());
        Lambda.invoke(event).statusCode(200).body("decisions[0].actions.outcome", equalTo(List.of("already-compliant")));
        assertEquals(List.of("AllowAPIInvoke"), statementIds());
    }

    @Test
    void aGrantToAForeignAccountNamedByFunctionArnIsRemoved() {
        lambda.addPermission(b -> b.functionName(FUNCTION).statementId("cross-account-invoke").action("lambda:InvokeFunction")
                .principal("444455556666"));

        Lambda.invoke(SampleEvents.read(POLICY, "add-permission-to-foreign-account")).statusCode(200)
                .body("decisions[0].actions.outcome", equalTo(List.of("applied")));

        assertEquals(List.of("AllowAPIInvoke"), statementIds());
    }

    @Test
    void aMalformedStatementIdIsRefusedAlertedAndNothingRemoved() {
        lambda.addPermission(b -> b.functionName(FUNCTION).statementId("backdoor").action("lambda:InvokeFunction").principal("*"));

        Lambda.invoke(SampleEvents.read(POLICY, "add-permission-malformed-statement-id")).statusCode(200)
                .body("decisions[0].matched", equalTo(true))
                .body("decisions[0].actions.outcome", equalTo(List.of("refused")));

        assertEquals(List.of("AllowAPIInvoke", "backdoor"), statementIds());
        assertEquals(1, alerts.messages().size(), "the finding is alerted all the same");
    }

    @Test
    void aGrantWithinTheAccountIsNoFindingAndTouchesNothing() {
        Lambda.invoke(SampleEvents.read(POLICY, "add-permission-apigateway-own-api")).statusCode(200)
                .body("decisions[0].matched", equalTo(false));

        assertEquals(List.of("AllowAPIInvoke"), statementIds());
        assertTrue(alerts.messages().isEmpty());
    }

    private List<String> statementIds() {
        try {
            JsonNode policy = mapper.readTree(lambda.getPolicy(b -> b.functionName(FUNCTION)).policy());
            List<String> ids = new ArrayList<>();
            policy.path("Statement").forEach(s -> ids.add(s.path("Sid").asText()));
            return ids.stream().sorted().toList();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
