package io.trailguard.it;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;
import io.trailguard.AlertInbox;
import io.trailguard.Lambda;
import io.trailguard.MotoServer;
import io.trailguard.SampleEvents;
import io.trailguard.policy.HandlerNames;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.StatusType;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * The packaged function as the {@code iam} handler: a new access key is deactivated, an admin grant detached, a role
 * opened to another account closed again.
 */
@ForFunction(HandlerNames.IAM)
@QuarkusIntegrationTest
@TestProfile(IamHandlerIT.Profile.class)
class IamHandlerIT {

    public static class Profile extends HandlerProfile {
        @Override
        protected String handler() {
            return HandlerNames.IAM;
        }
    }

    static final String USER = "bob";
    static final String ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess";
    static final String READ_ONLY = "arn:aws:iam::aws:policy/ReadOnlyAccess";
    final ObjectMapper mapper = new ObjectMapper();
    final IamClient iam = MotoClients.iam();
    final SnsClient sns = MotoClients.sns();
    AlertInbox alerts;

    @BeforeEach
    void freshAccount() {
        MotoServer.resetWithAwsManagedPolicies();
        iam.createUser(b -> b.userName(USER));
        alerts = AlertInbox.create(sns);
    }

    @AfterEach
    void close() {
        alerts.close();
        iam.close();
        sns.close();
    }

    @Test
    void newAccessKeyIsDeactivatedAndAlerted() throws Exception {
        String keyId = iam.createAccessKey(b -> b.userName(USER)).accessKey().accessKeyId();
        // the sample CreateAccessKey event, naming the key moto really created
        JsonNode event = mapper.readTree(SampleEvents.read("iam-new-credentials", "create-access-key-for-user"));
        ((ObjectNode) event.path("detail").path("responseElements").path("accessKey")).put("accessKeyId", keyId);

        Lambda.invoke(mapper.writeValueAsString(event)).statusCode(200)
                .body("status", equalTo("decided"))
                .body("decisions[0].policy", equalTo("iam-new-credentials"))
                .body("decisions[0].actions.outcome", equalTo(List.of("applied")));

        assertEquals(StatusType.INACTIVE, iam.listAccessKeys(b -> b.userName(USER)).accessKeyMetadata().stream()
                .filter(k -> keyId.equals(k.accessKeyId())).findFirst().orElseThrow().status());
        assertEquals(1, alerts.messages().size(), "one alert");
    }

    @Test
    void administratorAccessIsDetachedAndOtherPoliciesKept() {
        iam.attachUserPolicy(b -> b.userName(USER).policyArn(ADMIN));
        iam.attachUserPolicy(b -> b.userName(USER).policyArn(READ_ONLY));

        Lambda.invoke(SampleEvents.read("iam-admin-granted", "attach-user-policy-administrator")).statusCode(200)
                .body("status", equalTo("decided"))
                .body("decisions[0].policy", equalTo("iam-admin-granted"))
                .body("decisions[0].actions.outcome", equalTo(List.of("applied")));

        assertEquals(List.of(READ_ONLY), iam.listAttachedUserPolicies(b -> b.userName(USER)).attachedPolicies().stream()
                .map(AttachedPolicy::policyArn).toList(), "only the administrator policy is detached");
        assertEquals(1, alerts.messages().size(), "one alert");
    }

    @Test
    void roleOpenedToAnotherAccountIsStrippedAndItsOlderSessionsRevoked() throws Exception {
        iam.createRole(b -> b.roleName("app-runner").assumeRolePolicyDocument("""
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                  "Principal": {"AWS": ["arn:aws:iam::123456789012:role/ci-deployer", "arn:aws:iam::444455556666:root"]}}]}"""));

        Lambda.invoke(SampleEvents.read("iam-role-trust-opened", "update-assume-role-policy-foreign-account")).statusCode(200)
                .body("status", equalTo("decided"))
                .body("decisions[0].policy", equalTo("iam-role-trust-opened"))
                .body("decisions[0].actions.outcome", equalTo(List.of("applied", "applied")));

        String trust = URLDecoder.decode(iam.getRole(b -> b.roleName("app-runner")).role().assumeRolePolicyDocument(), StandardCharsets.UTF_8);
        assertEquals("arn:aws:iam::123456789012:role/ci-deployer",
                mapper.readTree(trust).path("Statement").get(0).path("Principal").path("AWS").asText(), "only the foreign account is stripped");
        assertEquals(List.of("AWSRevokeOlderSessions"), iam.listRolePolicies(b -> b.roleName("app-runner")).policyNames());
        assertEquals(1, alerts.messages().size(), "one alert");
    }
}
