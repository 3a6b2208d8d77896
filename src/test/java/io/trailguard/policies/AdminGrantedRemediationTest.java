package io.trailguard.policies;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
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
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.sns.SnsClient;

/** iam-admin-granted end to end: Attach/Put events through the Lambda event server, then the principal's policies in moto. */
@QuarkusTest
class AdminGrantedRemediationTest {

    static final String POLICY = "iam-admin-granted";
    static final String USER = "bob";
    static final String ROLE = "app-runner";
    static final String GROUP = "developers";
    static final String ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess";
    static final String READ_ONLY = "arn:aws:iam::aws:policy/ReadOnlyAccess";
    static final String STAR = """
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}""";
    static final String READ_DATA = """
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::tg-demo-data/*"}]}""";

    @Inject
    IamClient iam;
    @Inject
    SnsClient sns;
    @Inject
    ObjectMapper mapper;

    AlertInbox alerts;

    @BeforeEach
    void freshAccount() {
        MotoServer.resetWithAwsManagedPolicies();
        iam.createUser(b -> b.userName(USER));
        iam.createRole(b -> b.roleName(ROLE).assumeRolePolicyDocument("""
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"}, "Action": "sts:AssumeRole"}]}"""));
        alerts = AlertInbox.create(sns);
    }

    @AfterEach
    void close() {
        alerts.close();
    }

    @Test
    void administratorAccessIsDetachedFromTheUserAndOtherPoliciesKept() throws Exception {
        iam.attachUserPolicy(b -> b.userName(USER).policyArn(ADMIN));
        iam.attachUserPolicy(b -> b.userName(USER).policyArn(READ_ONLY));

        Lambda.invoke(SampleEvents.read(POLICY, "attach-user-policy-administrator")).statusCode(200)
                .body("decisions[0].policy", equalTo(POLICY))
                .body("decisions[0].actions.action", equalTo(List.of("iam.detach-managed-policy")))
                .body("decisions[0].actions.outcome", equalTo(List.of("applied")));

        List<String> attached = iam.listAttachedUserPolicies(b -> b.userName(USER)).attachedPolicies().stream()
                .map(AttachedPolicy::policyArn).toList();
        assertEquals(List.of(READ_ONLY), attached, "only the administrator policy is detached");
        assertCriticalAlert();
    }

    @Test
    void administratorAccessIsDetachedFromTheRoleAndASecondDeliveryChangesNothing() throws Exception {
        iam.attachRolePolicy(b -> b.roleName(ROLE).policyArn(ADMIN));
        String event = SampleEvents.read(POLICY, "attach-role-policy-administrator");

        Lambda.invoke(event).statusCode(200).body("decisions[0].actions.outcome", equalTo(List.of("applied")));

        assertTrue(iam.listAttachedRolePolicies(b -> b.roleName(ROLE)).attachedPolicies().isEmpty());
        assertCriticalAlert();
        Lambda.invoke(event).statusCode(200).body("decisions[0].actions.outcome", equalTo(List.of("already-compliant")));
    }

    @Test
    void inlineStarOnStarPolicyIsDeletedAndOtherInlinePoliciesKept() throws Exception {
        iam.putUserPolicy(b -> b.userName(USER).policyName("break-everything").policyDocument(STAR));
        iam.putUserPolicy(b -> b.userName(USER).policyName("read-data").policyDocument(READ_DATA));

        Lambda.invoke(SampleEvents.read(POLICY, "put-user-policy-star-on-star")).statusCode(200)
                .body("decisions[0].actions.action", equalTo(List.of("iam.delete-inline-policy")))
                .body("decisions[0].actions.outcome", equalTo(List.of("applied")));

        assertThrows(NoSuchEntityException.class, () -> iam.getUserPolicy(b -> b.userName(USER).policyName("break-everything")));
        assertEquals(List.of("read-data"), iam.listUserPolicies(b -> b.userName(USER)).policyNames());
        assertCriticalAlert();
    }

    @Test
    void inlineRolePolicyWithAStarStatementIsDeleted() {
        iam.putRolePolicy(b -> b.roleName(ROLE).policyName("app-inline").policyDocument("""
                {"Version": "2012-10-17", "Statement": [
                  {"Sid": "ReadData", "Effect": "Allow", "Action": ["s3:GetObject"], "Resource": ["arn:aws:s3:::tg-demo-data/*"]},
                  {"Sid": "Everything", "Effect": "Allow", "Action": ["*"], "Resource": ["*"]}]}"""));

        Lambda.invoke(SampleEvents.read(POLICY, "put-role-policy-star-among-statements")).statusCode(200)
                .body("decisions[0].actions.outcome", equalTo(List.of("applied")));

        assertTrue(iam.listRolePolicies(b -> b.roleName(ROLE)).policyNames().isEmpty());
    }

    @Test
    void administratorAccessIsDetachedFromTheGroupAndOtherPoliciesKept() throws Exception {
        iam.createGroup(b -> b.groupName(GROUP));
        iam.attachGroupPolicy(b -> b.groupName(GROUP).policyArn(ADMIN));
        iam.attachGroupPolicy(b -> b.groupName(GROUP).policyArn(READ_ONLY));

        Lambda.invoke(SampleEvents.read(POLICY, "attach-group-policy-administrator")).statusCode(200)
                .body("decisions[0].actions.action", equalTo(List.of("iam.detach-managed-policy")))
                .body("decisions[0].actions.outcome", equalTo(List.of("applied")));

        assertEquals(List.of(READ_ONLY), iam.listAttachedGroupPolicies(b -> b.groupName(GROUP)).attachedPolicies().stream()
                .map(AttachedPolicy::policyArn).toList(), "only the administrator policy is detached from the group");
        assertCriticalAlert();
    }

    @Test
    void inlineGroupPolicyWithASingleStatementObjectIsDeletedAndOtherInlinePoliciesKept() throws Exception {
        iam.createGroup(b -> b.groupName(GROUP));
        iam.putGroupPolicy(b -> b.groupName(GROUP).policyName("dev-admin").policyDocument("""
                {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}"""));
        iam.putGroupPolicy(b -> b.groupName(GROUP).policyName("read-data").policyDocument(READ_DATA));

        Lambda.invoke(SampleEvents.read(POLICY, "put-group-policy-single-statement-object")).statusCode(200)
                .body("decisions[0].actions.action", equalTo(List.of("iam.delete-inline-policy")))
                .body("decisions[0].actions.outcome", equalTo(List.of("applied")));

        assertThrows(NoSuchEntityException.class, () -> iam.getGroupPolicy(b -> b.groupName(GROUP).policyName("dev-admin")));
        assertEquals(List.of("read-data"), iam.listGroupPolicies(b -> b.groupName(GROUP)).policyNames());
        assertCriticalAlert();
    }

    @Test
    void inlinePolicyRewrittenHarmlessBeforeTheEventArrivesIsKept() throws Exception {
        iam.putUserPolicy(b -> b.userName(USER).policyName("break-everything").policyDocument(STAR));
        iam.putUserPolicy(b -> b.userName(USER).policyName("break-everything").policyDocument(READ_DATA));

        Lambda.invoke(SampleEvents.read(POLICY, "put-user-policy-star-on-star")).statusCode(200)
                .body("decisions[0].actions.outcome", equalTo(List.of("already-compliant")));

        assertEquals(List.of("break-everything"), iam.listUserPolicies(b -> b.userName(USER)).policyNames());
        // the finding was real when it happened: it is still alerted
        assertCriticalAlert();
    }

    @Test
    void motoReturnsInlineDocumentsUrlEncodedAsIamDoes() throws Exception {
        iam.putUserPolicy(b -> b.userName(USER).policyName("break-everything").policyDocument(STAR));

        String live = iam.getUserPolicy(b -> b.userName(USER).policyName("break-everything")).policyDocument();

        // DeleteInlinePolicy decodes it; a test of the raw shape keeps that decoding honest
        assertFalse(live.trim().startsWith("{"), "expected a URL-encoded document, got " + live);
        assertEquals(mapper.readTree(STAR), mapper.readTree(URLDecoder.decode(live, StandardCharsets.UTF_8)));
    }

    @Test
    void replayedAttachOnlyRecordsWhatItWouldDo() {
        iam.attachRolePolicy(b -> b.roleName(ROLE).policyArn(ADMIN));

        Lambda.invoke(SampleEvents.read(POLICY, "replayed-from-archive")).statusCode(200)
                .body("decisions[0].mode", equalTo("dry-run"))
                .body("decisions[0].actions.outcome", equalTo(List.of("would-apply")));

        assertEquals(List.of(ADMIN), iam.listAttachedRolePolicies(b -> b.roleName(ROLE)).attachedPolicies().stream()
                .map(AttachedPolicy::policyArn).toList());
        assertTrue(alerts.messages().isEmpty(), "a dry-run does not alert");
    }

    private void assertCriticalAlert() throws Exception {
        List<String> messages = alerts.messages();
        assertEquals(1, messages.size(), "one alert");
        JsonNode alert = mapper.readTree(messages.get(0));
        assertEquals(POLICY, alert.path("policy").asText());
        assertEquals("CRITICAL", alert.path("severity").asText());
    }
}
