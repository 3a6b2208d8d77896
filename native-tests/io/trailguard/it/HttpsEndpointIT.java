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

/**
 * The packaged function makes its AWS calls over HTTPS, as it does in AWS: the {@code s3} handler remediates a public
 * bucket against moto behind a TLS front whose certificate the function trusts through {@code javax.net.ssl.trustStore}.
 * A native binary built without the https URL protocol fails every call here ("URL protocol https is supported but
 * not enabled"), while the plain-HTTP ITs pass.
 */
@ForFunction(HandlerNames.S3)
@QuarkusIntegrationTest
@TestProfile(HttpsEndpointIT.Profile.class)
class HttpsEndpointIT {

    public static class Profile extends HandlerProfile {
        @Override
        protected String handler() {
            return HandlerNames.S3;
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(MotoServer.OverTls.class));
        }

        @Override
        public boolean disableGlobalTestResources() {
            return true;
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
    void remediatesAndAlertsOverTls() throws Exception {
        s3.putBucketPolicy(b -> b.bucket(BUCKET).policy("""
                {"Version":"2012-10-17","Statement":[
                  {"Sid":"PublicRead","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::tg-demo-data/*"},
                  {"Sid":"AppRole","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::tg-demo-data/*"}]}
                """));
        int handshakesBefore = MotoServer.tlsHandshakes();

        Lambda.invoke(SampleEvents.read("s3-public-bucket", "put-bucket-policy-public")).statusCode(200)
                .body("status", equalTo("decided"))
                .body("decisions[0].actions.outcome", equalTo(List.of("applied", "applied")));

        assertTrue(MotoServer.tlsHandshakes() > handshakesBefore, "the function's calls went through the TLS front");
        var block = s3.getPublicAccessBlock(b -> b.bucket(BUCKET)).publicAccessBlockConfiguration();
        assertTrue(block.blockPublicAcls() && block.ignorePublicAcls() && block.blockPublicPolicy() && block.restrictPublicBuckets(),
                "the bucket is blocked: " + block);
        JsonNode policy = mapper.readTree(s3.getBucketPolicy(b -> b.bucket(BUCKET)).policy());
        assertEquals(1, policy.path("Statement").size(), "only the non-public statement is left: " + policy);
        assertEquals("AppRole", policy.path("Statement").get(0).path("Sid").asText());
        assertEquals(1, alerts.messages().size(), "the alert was published over TLS too");
    }
}
