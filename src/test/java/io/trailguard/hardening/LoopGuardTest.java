package io.trailguard.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.junit.QuarkusTest;
import io.trailguard.AlertInbox;
import io.trailguard.AwsCallCounter;
import io.trailguard.MotoServer;
import io.trailguard.SampleEvents;
import io.trailguard.handler.InterceptionResult;
import io.trailguard.handler.Interceptor;
import io.trailguard.notify.AuditRecord;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * The events trailguard's own remediations cause, made by its function roles in this account and by its
 * cross-account remediation role in a member account, come back through EventBridge: none of them leads to
 * an action, an alert or any AWS call. The same events from anyone else still do (the control case).
 */
@QuarkusTest
class LoopGuardTest {

    static final String OWN_SESSION = "arn:aws:sts::123456789012:assumed-role/trailguard-s3/trailguard-s3";
    static final String CROSS_ACCOUNT_SESSION = "arn:aws:sts::210987654321:assumed-role/trailguard-remediation/trailguard-123456789012";

    @Inject
    Interceptor interceptor;
    @Inject
    ObjectMapper mapper;
    @Inject
    S3Client s3;
    @Inject
    SnsClient sns;

    AlertInbox alerts;

    @BeforeEach
    void account() {
        MotoServer.reset();
        s3.createBucket(b -> b.bucket("tg-demo-data"));
        alerts = AlertInbox.create(sns);
    }

    @AfterEach
    void close() {
        alerts.close();
    }

    /** Each remediation's own call as CloudTrail records it: source, event name, request parameters. */
    @ParameterizedTest(name = "{0} {1} by {3}")
    @CsvSource(delimiter = '|', textBlock = """
            aws.s3         | PutBucketPublicAccessBlock | {"bucketName":"tg-demo-data","PublicAccessBlockConfiguration":{"BlockPublicAcls":true,"IgnorePublicAcls":true,"BlockPublicPolicy":true,"RestrictPublicBuckets":true}} | own
            aws.s3         | PutBucketPublicAccessBlock | {"bucketName":"tg-demo-data","PublicAccessBlockConfiguration":{"BlockPublicAcls":true,"IgnorePublicAcls":true,"BlockPublicPolicy":true,"RestrictPublicBuckets":true}} | cross-account
            aws.s3         | PutBucketAcl               | {"bucketName":"tg-demo-data","AccessControlPolicy":{"AccessControlList":{"Grant":[{"Grantee":{"URI":"http://acs.amazonaws.com/groups/global/AllUsers"},"Permission":"READ"}]}}} | own
            aws.s3         | PutBucketPolicy            | {"bucketName":"tg-demo-data","bucketPolicy":{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::tg-demo-data/*"}]}} | cross-account
            aws.s3         | DeleteBucketPolicy         | {"bucketName":"tg-demo-data"} | own
            aws.cloudtrail | StartLogging               | {"name":"tg-audit-trail"} | own
            aws.cloudtrail | StartLogging               | {"name":"tg-audit-trail"} | cross-account
            aws.iam        | UpdateAccessKey            | {"userName":"bob","accessKeyId":"AKIA2EXAMPLEBOBKEY01","status":"Inactive"} | own
            aws.iam        | DetachUserPolicy           | {"userName":"bob","policyArn":"arn:aws:iam::aws:policy/AdministratorAccess"} | own
            aws.iam        | DetachRolePolicy           | {"roleName":"app-runner","policyArn":"arn:aws:iam::aws:policy/AdministratorAccess"} | cross-account
            aws.iam        | DeleteUserPolicy           | {"userName":"bob","policyName":"break-everything"} | own
            aws.iam        | AttachUserPolicy           | {"userName":"bob","policyArn":"arn:aws:iam::aws:policy/AdministratorAccess"} | cross-account
            """)
    void ownRemediationEventsCauseNothing(String source, String eventName, String request, String who) throws Exception {
        String caller = "own".equals(who) ? OWN_SESSION : CROSS_ACCOUNT_SESSION;
        long calls = AwsCallCounter.calls();

        InterceptionResult result = interceptor.intercept(event(source, eventName, request, caller), "all");

        assertEquals(0, AwsCallCounter.calls() - calls, "no AWS call: " + AwsCallCounter.recent());
        if (result.decisions() != null) {
            for (AuditRecord decision : result.decisions()) {
                assertEquals("caused by trailguard's own principal", decision.conclusion().skipped(), decision.toString());
                assertTrue(decision.outcome().actions().isEmpty());
            }
        }
        assertTrue(alerts.messages().isEmpty());
    }

    @Test
    void theSameCallByAnyoneElseIsActedOn() throws Exception {
        // the control: a public ACL grant by a person is a finding, remediated; so the guard above is what stops it
        long calls = AwsCallCounter.calls();
        InterceptionResult result = interceptor.intercept(event("aws.s3", "PutBucketAcl",
                "{\"bucketName\":\"tg-demo-data\",\"x-amz-acl\":[\"public-read\"]}",
                "arn:aws:sts::123456789012:assumed-role/not-trailguard/alice"), "all");

        assertEquals("applied", result.decisions().get(0).outcome().actions().get(1).outcome(), result.toString());
        assertTrue(AwsCallCounter.calls() - calls > 0);
        assertEquals(1, alerts.messages().size());
    }

    private byte[] event(String source, String eventName, String request, String callerArn) throws Exception {
        ObjectNode event = (ObjectNode) mapper.readTree(SampleEvents.read("s3-public-bucket", "delete-bucket-public-access-block"));
        String account = callerArn.split(":")[4];
        String service = source.substring("aws.".length());
        event.put("source", source);
        event.put("account", account);
        event.put("id", "loop-" + eventName + "-" + account);
        ObjectNode detail = (ObjectNode) event.get("detail");
        detail.put("eventSource", service + ".amazonaws.com");
        detail.put("eventName", eventName);
        detail.put("eventID", "loop-" + eventName + "-" + account + "-" + System.nanoTime());
        detail.put("recipientAccountId", account);
        detail.set("requestParameters", mapper.readTree(request));
        String role = callerArn.split("/")[1];
        JsonNode identity = mapper.readTree("""
                {"type": "AssumedRole", "principalId": "AROA2EXAMPLETRAILGRD:session", "arn": "%s", "accountId": "%s",
                 "accessKeyId": "ASIA2EXAMPLESESSION1",
                 "sessionContext": {"sessionIssuer": {"type": "Role", "principalId": "AROA2EXAMPLETRAILGRD",
                   "arn": "arn:aws:iam::%s:role/%s", "accountId": "%s", "userName": "%s"},
                   "attributes": {"creationDate": "2026-11-20T10:15:00Z", "mfaAuthenticated": "false"}}}
                """.formatted(callerArn, account, account, role, account, role));
        detail.set("userIdentity", identity);
        return mapper.writeValueAsBytes(event);
    }
}
