package io.trailguard.policies;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.trailguard.AlertInbox;
import io.trailguard.Lambda;
import io.trailguard.LambdaFunctions;
import io.trailguard.MotoServer;
import io.trailguard.SampleEvents;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.FunctionUrlAuthType;
import software.amazon.awssdk.services.sns.SnsClient;

/** lambda-function-url-public end to end: a function URL in moto, the CreateFunctionUrlConfig event, its auth type after. */
@QuarkusTest
class LambdaFunctionUrlPublicRemediationTest {

    static final String POLICY = "lambda-function-url-public";
    static final String FUNCTION = "orders-api";

    @Inject
    LambdaClient lambda;
    @Inject
    IamClient iam;
    @Inject
    SnsClient sns;

    AlertInbox alerts;

    @BeforeEach
    void freshAccount() {
        MotoServer.reset();
        LambdaFunctions.create(iam, lambda, FUNCTION);
        alerts = AlertInbox.create(sns);
    }

    @AfterEach
    void close() {
        alerts.close();
    }

    @Test
    void aPublicUrlIsPutBackBehindIam() {
        lambda.createFunctionUrlConfig(b -> b.functionName(FUNCTION).authType(FunctionUrlAuthType.NONE));
        String event = SampleEvents.read(POLICY, "create-function-url-auth-none");

        Lambda.invoke(event).statusCode(200)
                .body("decisions[0].policy", equalTo(POLICY))
                .body("decisions[0].actions.action", equalTo(List.of("lambda.set-function-url-auth")))
                .body("decisions[0].actions.outcome", equalTo(List.of("applied")));

        assertEquals(FunctionUrlAuthType.AWS_IAM, authType());
        assertEquals(1, alerts.messages().size(), "one alert");
        Lambda.invoke(event).statusCode(200).body("decisions[0].actions.outcome", equalTo(List.of("already-compliant")));
    }

    @Test
    void aUrlAlreadyBehindIamAgainIsLeftAsItIs() {
        lambda.createFunctionUrlConfig(b -> b.functionName(FUNCTION).authType(FunctionUrlAuthType.AWS_IAM));

        Lambda.invoke(SampleEvents.read(POLICY, "create-function-url-auth-none")).statusCode(200)
                .body("decisions[0].actions.outcome", equalTo(List.of("already-compliant")));

        assertEquals(FunctionUrlAuthType.AWS_IAM, authType());
    }

    @Test
    void aUrlDeletedSinceNeedsNothing() {
        Lambda.invoke(SampleEvents.read(POLICY, "create-function-url-auth-none")).statusCode(200)
                .body("decisions[0].actions.outcome", equalTo(List.of("already-compliant")));
    }

    private FunctionUrlAuthType authType() {
        return lambda.getFunctionUrlConfig(b -> b.functionName(FUNCTION)).authType();
    }
}
