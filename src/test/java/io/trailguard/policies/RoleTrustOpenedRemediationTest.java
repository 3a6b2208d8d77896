package io.trailguard.policies;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
import io.trailguard.remediation.RevokeRoleSessions;
import io.trailguard.remediation.StripRoleTrust;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * iam-role-trust-opened end to end: the event through the Lambda event server, then the role's live trust policy and
 * its session-revoking inline policy in moto. Moto does not enforce {@code aws:TokenIssueTime}, so that sessions
 * really end is AWS's documented behaviour; here the policy's presence and its time are checked.
 */
@QuarkusTest
class RoleTrustOpenedRemediationTest {

    static final String POLICY = "iam-role-trust-opened";
    static final String ECS = """
            {"Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"}, "Action": "sts:AssumeRole"}""";

    @Inject
    IamClient iam;
    @Inject
    SnsClient sns;
    @Inject
    ObjectMapper mapper;
    @Inject
    StripRoleTrust strip;

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
    void foreignAccountIsStrippedEverythingElseKeptAndOlderSessionsRevoked() throws Exception {
        createRole("app-runner", """
                {"Version": "2012-10-17", "Statement": [%s,
                  {"Sid": "Audit", "Effect": "Allow", "Action": "sts:AssumeRole",
                   "Principal": {"AWS": ["arn:aws:iam::123456789012:role/ci-deployer", "arn:aws:iam::444455556666:root"]}}]}""".formatted(ECS));
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String event = SampleEvents.read(POLICY, "update-assume-role-policy-foreign-account");

        Lambda.invoke(event).statusCode(200)
                .body("decisions[0].policy", equalTo(POLICY))
                .body("decisions[0].actions.action", equalTo(List.of("iam.strip-role-trust", "iam.revoke-role-sessions")))
                .body("decisions[0].actions.outcome", equalTo(List.of("applied", "applied")));

        assertEquals(mapper.readTree("""
                {"Version": "2012-10-17", "Statement": [%s,
                  {"Sid": "Audit", "Effect": "Allow", "Action": "sts:AssumeRole",
                   "Principal": {"AWS": "arn:aws:iam::123456789012:role/ci-deployer"}}]}""".formatted(ECS)), trust("app-runner"));
        assertRevokedSince("app-runner", before);
        JsonNode alert = mapper.readTree(alerts.messages().get(0));
        assertEquals("HIGH", alert.path("severity").asText());

        Lambda.invoke(event).statusCode(200)
                .body("decisions[0].actions.outcome", equalTo(List.of("already-compliant", "already-compliant")));
    }

    @Test
    void everyoneIsStrippedFromTheLiveTrustPolicyNotFromTheLoggedOne() throws Exception {
        // changed again after the event: the live policy is what is rewritten, keeping what was added since
        createRole("support-access", """
                {"Version": "2012-10-17", "Statement": [
                  {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"},
                  {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole",
                   "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}},
                  %s]}""".formatted(ECS));

        Lambda.invoke(SampleEvents.read(POLICY, "create-role-trusting-everyone")).statusCode(200)
                .body("decisions[0].actions.outcome", equalTo(List.of("applied", "applied")));

        assertEquals(mapper.readTree("""
                {"Version": "2012-10-17", "Statement": [
                  {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole",
                   "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}},
                  %s]}""".formatted(ECS)), trust("support-access"));
        assertEquals("CRITICAL", mapper.readTree(alerts.messages().get(0)).path("severity").asText());
    }

    @Test
    void aTrustPolicyLeftWithNoPrincipalDeniesEveryone() throws Exception {
        createRole("support-access", """
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}]}""");

        Lambda.invoke(SampleEvents.read(POLICY, "create-role-trusting-everyone")).statusCode(200)
                .body("decisions[0].actions.outcome", equalTo(List.of("applied", "applied")));

        JsonNode statements = trust("support-access").path("Statement");
        assertEquals(1, statements.size());
        assertEquals("Deny", statements.get(0).path("Effect").asText());
        assertEquals("*", statements.get(0).path("Principal").path("AWS").asText());
    }

    @Test
    void aRevocationNewerThanTheEventIsKept() throws Exception {
        createRole("app-runner", """
                {"Version": "2012-10-17", "Statement": [%s]}""".formatted(ECS));
        String newer = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString();
        String revocation = """
                {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": ["*"], "Resource": ["*"],
                 "Condition": {"DateLessThan": {"aws:TokenIssueTime": "%s"}}}]}""".formatted(newer);
        iam.putRolePolicy(b -> b.roleName("app-runner").policyName(RevokeRoleSessions.POLICY_NAME).policyDocument(revocation));

        // the trust was put right by someone else already; sessions were revoked after the event: nothing left to do
        Lambda.invoke(SampleEvents.read(POLICY, "update-assume-role-policy-foreign-account")).statusCode(200)
                .body("decisions[0].actions.outcome", equalTo(List.of("already-compliant", "already-compliant")));

        assertEquals(newer, revokedBefore("app-runner").toString());
    }

    @Test
    void aDeletedRoleNeedsNothing() {
        assertFalse(strip.needed(StripRoleTrust.spec("gone", true, List.of())));
        assertThrows(NoSuchEntityException.class, () -> iam.getRole(b -> b.roleName("gone")));
    }

    @Test
    void trustedAndOwnAccountsAreNotStripped() throws Exception {
        createRole("app-runner", """
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                  "Principal": {"AWS": ["123456789012", "arn:aws:iam::210987654321:role/security-tooling", "arn:aws:iam::444455556666:root"]}}]}""");

        Lambda.invoke(SampleEvents.read(POLICY, "update-assume-role-policy-foreign-account")).statusCode(200)
                .body("decisions[0].actions.outcome", equalTo(List.of("applied", "applied")));

        assertEquals(mapper.readTree("""
                ["123456789012", "arn:aws:iam::210987654321:role/security-tooling"]"""),
                trust("app-runner").path("Statement").get(0).path("Principal").path("AWS"));
    }

    private void createRole(String role, String trust) {
        iam.createRole(b -> b.roleName(role).assumeRolePolicyDocument(trust));
    }

    private JsonNode trust(String role) throws Exception {
        return mapper.readTree(decoded(iam.getRole(b -> b.roleName(role)).role().assumeRolePolicyDocument()));
    }

    private Instant revokedBefore(String role) throws Exception {
        String document = iam.getRolePolicy(b -> b.roleName(role).policyName(RevokeRoleSessions.POLICY_NAME)).policyDocument();
        JsonNode statement = mapper.readTree(decoded(document)).path("Statement").get(0);
        assertEquals("Deny", statement.path("Effect").asText());
        return Instant.parse(statement.path("Condition").path("DateLessThan").path("aws:TokenIssueTime").asText());
    }

    private void assertRevokedSince(String role, Instant before) throws Exception {
        Instant revoked = revokedBefore(role);
        assertTrue(!revoked.isBefore(before) && !revoked.isAfter(Instant.now()),
                "sessions issued before the remediation ran are denied, not before the event: " + revoked);
    }

    private static String decoded(String document) {
        return document.trim().startsWith("{") ? document : URLDecoder.decode(document, StandardCharsets.UTF_8);
    }
}
