package io.trailguard.it;

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
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;

/** The packaged function as the {@code s3} handler: a public bucket policy end to end; other services' events pass by. */
@ForFunction(HandlerNames.S3)
@QuarkusIntegrationTest
@TestProfile(S3HandlerIT.Profile.class)
class S3HandlerIT {

    public static class Profile extends HandlerProfile {
        @Override
        protected String handler() {
            return HandlerNames.S3;
        }
    }

    static final String BUCKET = "tg-demo-data";
    final ObjectMapper mapper = new ObjectMapper();
    final S3Client s3 = MotoClients.s3();
    final SnsClient sns = MotoClients.sns();
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
        s3.close();
        sns.close();
    }

    @Test
    void publicPolicyStatementIsRemovedTheRestKeptAndTheBucketBlocked() throws Exception {
        s3.putBucketPolicy(b -> b.bucket(BUCKET).policy("""
                {"Version":"2012-10-17","Statement":[
                  {"Sid":"PublicRead","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::tg-demo-data/*"},
                  {"Sid":"AppRole","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::tg-demo-data/*"}]}
                """));

        Lambda.invoke(SampleEvents.read("s3-public-bucket", "put-bucket-policy-public")).statusCode(200)
                .body("status", equalTo("decided"))
                .body("decisions[0].actions.outcome", equalTo(List.of("applied", "applied")));

        JsonNode policy = mapper.readTree(s3.getBucketPolicy(b -> b.bucket(BUCKET)).policy());
        assertEquals(1, policy.path("Statement").size(), "only the non-public statement is left: " + policy);
        assertEquals("AppRole", policy.path("Statement").get(0).path("Sid").asText());
        var block = s3.getPublicAccessBlock(b -> b.bucket(BUCKET)).publicAccessBlockConfiguration();
        assertTrue(block.blockPublicAcls() && block.ignorePublicAcls() && block.blockPublicPolicy() && block.restrictPublicBuckets());
        assertEquals(1, alerts.messages().size(), "one alert");
    }

    @Test
    void anotherServicesEventIsNotThisHandlers() {
        Lambda.invoke(SampleEvents.read("cloudtrail-tampering", "stop-logging-by-name")).statusCode(200)
                .body("status", equalTo("unmatched"));
        assertTrue(alerts.messages().isEmpty());
    }
}
