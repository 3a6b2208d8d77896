package io.trailguard.policies;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import io.trailguard.AwsCallCounter;
import io.trailguard.Lambda;
import io.trailguard.MotoServer;
import io.trailguard.SampleEvents;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Grant;
import software.amazon.awssdk.services.s3.model.Permission;
import software.amazon.awssdk.services.s3.model.PublicAccessBlockConfiguration;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.Type;
import software.amazon.awssdk.services.sns.SnsClient;

/** s3-public-bucket end to end: an event through the Lambda event server, then the bucket's state in moto. */
@QuarkusTest
class PublicBucketRemediationTest {

    static final String POLICY = "s3-public-bucket";
    static final String BUCKET = "tg-demo-data";

    @Inject
    S3Client s3;
    @Inject
    SnsClient sns;
    @Inject
    ObjectMapper mapper;

    AlertInbox alerts;

    @BeforeEach
    void freshAccount() {
        MotoServer.reset();
        s3.createBucket(b -> b.bucket(BUCKET));
        alerts = AlertInbox.create(sns);
    }

    @AfterEach
    void close() {
        alerts.close();
    }

    @Test
    void publicAclIsMadePrivateBlockedAndAlerted() throws Exception {
        grantPublicRead();
        assertTrue(hasPublicGrant(), "precondition: the bucket is public");

        long aclReads = AwsCallCounter.calls("S3.GetBucketAcl");
        Lambda.invoke(SampleEvents.read(POLICY, "put-bucket-acl-canned-public-read")).statusCode(200).body("status", equalTo("decided"))
                .body("decisions[0].actions.outcome", equalTo(List.of("applied", "applied")));
        // the check before the change reads the ACL the change is computed from: one read, as a hand-written handler makes
        assertEquals(1, AwsCallCounter.calls("S3.GetBucketAcl") - aclReads, "ACL reads: " + AwsCallCounter.recent());

        assertFalse(hasPublicGrant(), "the public grant is gone");
        List<Grant> grants = s3.getBucketAcl(b -> b.bucket(BUCKET)).grants();
        assertTrue(grants.stream().anyMatch(g -> g.permission() == Permission.FULL_CONTROL && g.grantee().type() == Type.CANONICAL_USER),
                "the owner keeps full control");
        assertFullyBlocked();
        List<String> messages = alerts.messages();
        assertEquals(1, messages.size(), "one alert");
        JsonNode alert = mapper.readTree(messages.get(0));
        assertEquals(POLICY, alert.path("policy").asText());
        assertEquals("HIGH", alert.path("severity").asText());
        assertEquals("arn:aws:iam::123456789012:user/alice", alert.path("who").asText());
        assertEquals("203.0.113.10", alert.path("sourceIp").asText());
    }

    @Test
    void publicPolicyStatementIsRemovedAndTheRestKept() throws Exception {
        s3.putBucketPolicy(b -> b.bucket(BUCKET).policy("""
                {"Version":"2012-10-17","Statement":[
                  {"Sid":"PublicRead","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::tg-demo-data/*"},
                  {"Sid":"AppRole","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::tg-demo-data/*"}]}
                """));

        Lambda.invoke(SampleEvents.read(POLICY, "put-bucket-policy-public")).statusCode(200)
                .body("decisions[0].actions.outcome", equalTo(List.of("applied", "applied")));

        JsonNode policy = mapper.readTree(s3.getBucketPolicy(b -> b.bucket(BUCKET)).policy());
        assertEquals(1, policy.path("Statement").size(), "only the non-public statement is left: " + policy);
        assertEquals("AppRole", policy.path("Statement").get(0).path("Sid").asText());
        assertFullyBlocked();
        assertEquals(1, alerts.messages().size());
    }

    @Test
    void bucketPolicyOfOnlyPublicStatementsIsDeleted() {
        s3.putBucketPolicy(b -> b.bucket(BUCKET).policy("""
                {"Version":"2012-10-17","Statement":[
                  {"Sid":"PublicRead","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::tg-demo-data/*"}]}
                """));

        Lambda.invoke(SampleEvents.read(POLICY, "put-bucket-policy-public")).statusCode(200)
                .body("decisions[0].actions.outcome", equalTo(List.of("applied", "applied")));

        S3Exception none = assertThrows(S3Exception.class, () -> s3.getBucketPolicy(b -> b.bucket(BUCKET)));
        assertEquals("NoSuchBucketPolicy", none.awsErrorDetails().errorCode(), "the policy is deleted, not emptied");
        assertFullyBlocked();
    }

    @Test
    void deletedBlockIsPutBackAndASecondDeliveryChangesNothing() {
        s3.putPublicAccessBlock(b -> b.bucket(BUCKET).publicAccessBlockConfiguration(c -> c.blockPublicAcls(false)
                .ignorePublicAcls(false).blockPublicPolicy(false).restrictPublicBuckets(false)));
        String event = SampleEvents.read(POLICY, "delete-bucket-public-access-block");

        Lambda.invoke(event).statusCode(200).body("decisions[0].actions[0].outcome", equalTo("applied"));
        assertFullyBlocked();
        Lambda.invoke(event).statusCode(200).body("decisions[0].actions[0].outcome", equalTo("already-compliant"));
        assertFullyBlocked();
    }

    @Test
    void replayedEventOnlyRecordsWhatItWouldDo() {
        grantPublicRead();

        Lambda.invoke(SampleEvents.read(POLICY, "replayed-from-archive")).statusCode(200)
                .body("decisions[0].mode", equalTo("dry-run"))
                .body("decisions[0].replay", equalTo(true))
                .body("decisions[0].actions.outcome", equalTo(List.of("would-apply", "would-apply")));

        assertTrue(hasPublicGrant(), "a replay changes nothing");
        assertTrue(alerts.messages().isEmpty(), "a dry-run does not alert");
    }

    @Test
    void bucketTaggedExemptIsLeftAlone() {
        grantPublicRead();
        s3.putBucketTagging(b -> b.bucket(BUCKET).tagging(t -> t.tagSet(s -> s.key("trailguard:exempt").value("true"))));

        Lambda.invoke(SampleEvents.read(POLICY, "put-bucket-acl-canned-public-read")).statusCode(200)
                .body("decisions[0].skipped", equalTo("exempt by tag trailguard:exempt=true"));

        assertTrue(hasPublicGrant());
        assertTrue(alerts.messages().isEmpty());
    }

    @Test
    void deniedPublicPolicyIsAlertedOnceAsAnAttemptAndChangesNothing() throws Exception {
        String publicPolicy = """
                {"Version":"2012-10-17","Statement":[
                  {"Sid":"PublicRead","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::tg-demo-data/*"}]}
                """;
        s3.putBucketPolicy(b -> b.bucket(BUCKET).policy(publicPolicy));
        String before = s3.getBucketPolicy(b -> b.bucket(BUCKET)).policy();

        // the policy is in enforce mode: an attempt is still never remediated (access-denied-burst counts the denial too)
        String decision = "decisions.find { it.policy == '" + POLICY + "' }";
        Lambda.invoke(SampleEvents.read(POLICY, "put-bucket-policy-public-denied")).statusCode(200)
                .body(decision + ".mode", equalTo("attempted"))
                .body(decision + ".severity", equalTo("MEDIUM"))
                .body(decision + ".actions.outcome", equalTo(List.of("not-applied", "not-applied")));

        assertEquals(before, s3.getBucketPolicy(b -> b.bucket(BUCKET)).policy(), "the public statement is left as it was");
        assertThrows(S3Exception.class, () -> s3.getPublicAccessBlock(b -> b.bucket(BUCKET)), "no public access block was put");
        List<String> messages = alerts.messages();
        assertEquals(1, messages.size(), "one alert");
        JsonNode alert = mapper.readTree(messages.get(0));
        assertEquals("attempted", alert.path("mode").asText());
        assertEquals("MEDIUM", alert.path("severity").asText());
        assertTrue(alert.path("summary").asText().startsWith("failed attempt (AccessDenied): "), alert.toString());
        assertEquals(List.of("not-applied", "not-applied"), alert.path("actions").findValuesAsText("outcome"));
    }

    @Test
    void craftedBucketNameIsAlertedButNeverReachesAnS3Request() throws Exception {
        grantPublicRead();
        long calls = AwsCallCounter.calls();

        Lambda.invoke(SampleEvents.read(POLICY, "crafted-bucket-name-json-injection")).statusCode(200)
                .body("decisions[0].matched", equalTo(true))
                .body("decisions[0].exemptionTag", startsWith("not read: refused: bucket 'tg-demo-data\",\"Principal\":\"*'"))
                .body("decisions[0].actions.outcome", equalTo(List.of("refused", "refused")));

        // the one AWS call of the invocation is the alert: no tag read, no remediation with the crafted name
        assertEquals(1, AwsCallCounter.calls() - calls, "AWS calls: " + AwsCallCounter.recent());
        assertTrue(AwsCallCounter.recent().get(AwsCallCounter.recent().size() - 1).endsWith(".Publish"), AwsCallCounter.recent().toString());
        assertTrue(hasPublicGrant(), "nothing was changed");
        List<String> messages = alerts.messages();
        assertEquals(1, messages.size(), "the finding is alerted once");
        JsonNode alert = mapper.readTree(messages.get(0));
        assertEquals("AWS::S3::Bucket tg-demo-data\",\"Principal\":\"*", alert.path("resource").asText(), "the raw name, escaped");
        assertEquals("HIGH", alert.path("severity").asText());
        assertEquals(List.of("refused", "refused"), alert.path("actions").findValuesAsText("outcome"));
    }

    private void grantPublicRead() {
        var acl = s3.getBucketAcl(b -> b.bucket(BUCKET));
        s3.putBucketAcl(b -> b.bucket(BUCKET).accessControlPolicy(p -> p.owner(acl.owner()).grants(
                acl.grants().get(0),
                Grant.builder().grantee(g -> g.type(Type.GROUP).uri("http://acs.amazonaws.com/groups/global/AllUsers"))
                        .permission(Permission.READ).build())));
    }

    private boolean hasPublicGrant() {
        return s3.getBucketAcl(b -> b.bucket(BUCKET)).grants().stream()
                .anyMatch(g -> g.grantee().uri() != null && g.grantee().uri().endsWith("/AllUsers"));
    }

    private void assertFullyBlocked() {
        PublicAccessBlockConfiguration block = s3.getPublicAccessBlock(b -> b.bucket(BUCKET)).publicAccessBlockConfiguration();
        assertEquals(PublicAccessBlockConfiguration.builder().blockPublicAcls(true).ignorePublicAcls(true)
                .blockPublicPolicy(true).restrictPublicBuckets(true).build(), block);
    }
}
