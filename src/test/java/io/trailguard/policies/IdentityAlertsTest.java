package io.trailguard.policies;

import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;

/** The identity policies end to end: sign-in and root events through the Lambda event server, then the alerts delivered. */
@QuarkusTest
class IdentityAlertsTest {

    @Inject
    IamClient iam;
    @Inject
    SnsClient sns;
    @Inject
    S3Client s3;
    @Inject
    Ec2Client ec2;
    @Inject
    ObjectMapper mapper;

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
    void rootSignInIsAlertedCritical() throws Exception {
        Lambda.invoke(SampleEvents.read("root-sign-in", "root-console-login-success")).statusCode(200)
                .body("decisions.policy", equalTo(List.of("root-sign-in")))
                .body("decisions[0].severity", equalTo("CRITICAL"))
                .body("decisions[0].actions", empty());

        JsonNode alert = onlyAlert();
        assertEquals("root-sign-in", alert.path("policy").asText());
        assertEquals("CRITICAL", alert.path("severity").asText());
        assertEquals("signin.amazonaws.com ConsoleLogin", alert.path("what").asText());
        assertEquals("AWS::IAM::RootUser 123456789012", alert.path("resource").asText());
    }

    @Test
    void theFifthFailedSignInOfOneUserIsAlertedHigh() throws Exception {
        iam.createUser(b -> b.userName("erin"));
        for (int i = 1; i <= 4; i++) {
            Lambda.invoke(failedSignIn("erin", i)).statusCode(200)
                    .body("decisions[0].policy", equalTo("sign-in-failures"))
                    .body("decisions[0].matched", equalTo(false))
                    .body("decisions[0].reason", startsWith(i + " of 5 within 15 min"));
        }
        // another user's failure does not add to erin's count
        Lambda.invoke(failedSignIn("frank", 1)).statusCode(200).body("decisions[0].matched", equalTo(false));
        assertTrue(alerts.messages().isEmpty(), "no alert below the threshold");

        Lambda.invoke(failedSignIn("erin", 5)).statusCode(200).body("decisions[0].matched", equalTo(true));

        JsonNode alert = onlyAlert();
        assertEquals("sign-in-failures", alert.path("policy").asText());
        assertEquals("HIGH", alert.path("severity").asText());
        assertEquals("AWS::IAM::User erin", alert.path("resource").asText());
    }

    @Test
    void signInWithoutMfaIsAlertedHighUnlessTheUserIsTaggedExempt() throws Exception {
        iam.createUser(b -> b.userName("bob"));
        String event = SampleEvents.read("sign-in-without-mfa", "iam-user-without-mfa");

        Lambda.invoke(event).statusCode(200).body("decisions[0].policy", equalTo("sign-in-without-mfa"));
        assertEquals("HIGH", onlyAlert().path("severity").asText());

        iam.tagUser(b -> b.userName("bob").tags(t -> t.key("trailguard:exempt").value("true")));
        Lambda.invoke(event).statusCode(200).body("decisions[0].skipped", equalTo("exempt by tag trailguard:exempt=true"));
        assertTrue(alerts.messages().isEmpty(), "an exempt user is not alerted on");
    }

    @Test
    void theTenthUserDataReadOfAnInstanceTaggedExemptIsNotAlerted() throws Exception {
        String image = ec2.describeImages(b -> b.owners("amazon")).images().get(0).imageId();
        String instance = ec2.runInstances(b -> b.imageId(image).instanceType("t3.micro").minCount(1).maxCount(1)
                .tagSpecifications(t -> t.resourceType(ResourceType.INSTANCE).tags(tag -> tag.key("trailguard:exempt").value("true"))))
                .instances().get(0).instanceId();
        JsonNode event = mapper.readTree(SampleEvents.read("ec2-instance-secrets-read-burst", "describe-user-data")
                .replace("i-0f9e8d7c6b5a40312", instance));
        ObjectNode detail = (ObjectNode) event.path("detail");
        for (int i = 1; i <= 9; i++) {
            detail.put("eventID", "00c70000-0000-0040-0080-0000000001" + String.format("%02d", i));
            Lambda.invoke(mapper.writeValueAsString(event)).statusCode(200).body("decisions[0].matched", equalTo(false));
        }
        // the threshold is reached: the instance's tags are read live, and it is exempt
        detail.put("eventID", "00c70000-0000-0040-0080-000000000110");
        Lambda.invoke(mapper.writeValueAsString(event)).statusCode(200)
                .body("decisions[0].policy", equalTo("ec2-instance-secrets-read-burst"))
                .body("decisions[0].skipped", equalTo("exempt by tag trailguard:exempt=true"));
        assertTrue(alerts.messages().isEmpty());
    }

    @Test
    void rootApiCallIsAlertedHigh() throws Exception {
        // the bucket the root user created: auto-tag (same event) tags it
        s3.createBucket(b -> b.bucket("tg-root-made-bucket"));
        Lambda.invoke(SampleEvents.read("root-api-call", "root-create-bucket")).statusCode(200)
                .body("decisions.policy", hasItem("root-api-call"));

        JsonNode alert = onlyAlert();
        assertEquals("HIGH", alert.path("severity").asText());
        assertEquals("s3.amazonaws.com CreateBucket", alert.path("what").asText());
    }

    /** The sample failed sign-in, for another user and with its own event id and time. */
    private String failedSignIn(String user, int n) throws Exception {
        JsonNode event = mapper.readTree(SampleEvents.read("sign-in-failures", "iam-user-failed-once"));
        ObjectNode detail = (ObjectNode) event.path("detail");
        ((ObjectNode) detail.path("userIdentity")).put("userName", user).put("principalId", "AIDA2EXAMPLE" + user.toUpperCase());
        detail.put("eventID", "00c70000-0000-0040-0080-" + String.format("%06d%06d", user.hashCode() & 0xffff, n));
        detail.put("eventTime", String.format("2026-11-20T11:%02d:00Z", n));
        return mapper.writeValueAsString(event);
    }

    private JsonNode onlyAlert() throws Exception {
        List<String> messages = alerts.messages();
        assertEquals(1, messages.size(), "one alert: " + messages);
        return mapper.readTree(messages.get(0));
    }
}
