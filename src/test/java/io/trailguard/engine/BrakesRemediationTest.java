package io.trailguard.engine;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.trailguard.AlertInbox;
import io.trailguard.Lambda;
import io.trailguard.MotoServer;
import io.trailguard.SampleEvents;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * A policy's brake end to end, counted in the dedup table (moto's DynamoDB) as in production: N remediations go
 * through, the N+1th is alerted and not remediated (the bucket in moto stays unblocked), one alert says the brake
 * tripped, the audit lines say braked; {@code reset-brakes} releases it and the next event is remediated again.
 */
@QuarkusTest
@TestProfile(BrakesRemediationTest.TwoActions.class)
class BrakesRemediationTest {

    static final String TABLE = "trailguard-brakes-test";
    static final String POLICY = "s3-public-bucket";
    static final String BUCKET = "tg-demo-data";

    public static class TwoActions implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("trailguard.dedup.table", TABLE,
                    "trailguard.policies." + POLICY + ".rate-limit.actions", "2",
                    "trailguard.policies." + POLICY + ".rate-limit.window", "1h",
                    // on, but far away: this test is about the policy's own brake
                    "trailguard.rate-limit.enabled", "true",
                    "trailguard.rate-limit.actions", "1000");
        }
    }

    @Inject
    S3Client s3;
    @Inject
    SnsClient sns;
    @Inject
    DynamoDbClient dynamo;
    @Inject
    ObjectMapper mapper;
    @Inject
    ResetBrakesCommand resetBrakes;

    AlertInbox alerts;

    @BeforeEach
    void freshAccount() {
        MotoServer.reset();
        dynamo.createTable(b -> b.tableName(TABLE).billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH))
                .attributeDefinitions(a -> a.attributeName("id").attributeType(ScalarAttributeType.S)));
        s3.createBucket(b -> b.bucket(BUCKET));
        alerts = AlertInbox.create(sns);
    }

    @AfterEach
    void close() {
        alerts.close();
    }

    @Test
    void pastTheLimitThePolicyAlertsOnlyUntilReset() throws Exception {
        String event = SampleEvents.read(POLICY, "delete-bucket-public-access-block");
        for (int i = 0; i < 2; i++) {
            unblock();
            Lambda.invoke(event).statusCode(200).body("decisions[0].mode", equalTo("enforce"))
                    .body("decisions[0].actions[0].outcome", equalTo("applied")).body("decisions[0].braked", nullValue());
            assertBlocked(true);
        }

        unblock();
        Lambda.invoke(event).statusCode(200)
                .body("decisions[0].mode", equalTo("alert"))
                .body("decisions[0].actions[0].outcome", equalTo("not-applied"))
                .body("decisions[0].braked", equalTo("tripped: policy s3-public-bucket passed 2 remediations within 1 h;"
                        + " alert only until reset-brakes s3-public-bucket"));
        assertBlocked(false);
        Lambda.invoke(event).statusCode(200)
                .body("decisions[0].mode", equalTo("alert"))
                .body("decisions[0].actions[0].outcome", equalTo("not-applied"))
                .body("decisions[0].braked", startsWith("policy s3-public-bucket braked since "));
        assertBlocked(false);
        Map<String, AttributeValue> brake = dynamo.getItem(b -> b.tableName(TABLE)
                .key(Map.of("id", AttributeValue.fromS("brake#policy#" + POLICY))).consistentRead(true)).item();
        assertTrue(brake.containsKey("trippedAt"), "the brake is on in the shared table: " + brake);

        List<String> messages = alerts.messages();
        assertEquals(4, messages.size(), "each finding alerts: " + messages);
        List<JsonNode> tripped = messages.stream().map(this::json).filter(a -> a.path("summary").asText().startsWith("BRAKE tripped")).toList();
        assertEquals(1, tripped.size(), "one alert says the brake tripped: " + messages);
        assertEquals("alert", tripped.get(0).path("mode").asText());
        assertEquals("HIGH", tripped.get(0).path("severity").asText());

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, resetBrakes.run(new PrintStream(out, true, StandardCharsets.UTF_8), POLICY));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("released the brake of policy s3-public-bucket"), out.toString());

        Lambda.invoke(event).statusCode(200).body("decisions[0].mode", equalTo("enforce"))
                .body("decisions[0].actions[0].outcome", equalTo("applied")).body("decisions[0].braked", nullValue());
        assertBlocked(true);
    }

    @Test
    void resetBrakesRefusesANameThatIsNeitherPolicyNorHandler() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(2, resetBrakes.run(new PrintStream(out, true, StandardCharsets.UTF_8), "s3-public-buckets"));
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("s3-public-buckets: no policy nor handler has that name"), out.toString());
        out.reset();
        assertEquals(0, resetBrakes.run(new PrintStream(out, true, StandardCharsets.UTF_8)));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("0 brakes released"), out.toString());
    }

    private void unblock() {
        s3.deletePublicAccessBlock(b -> b.bucket(BUCKET));
        assertBlocked(false);
    }

    private void assertBlocked(boolean blocked) {
        if (blocked) {
            assertTrue(s3.getPublicAccessBlock(b -> b.bucket(BUCKET)).publicAccessBlockConfiguration().blockPublicAcls());
        } else {
            assertThrows(S3Exception.class, () -> s3.getPublicAccessBlock(b -> b.bucket(BUCKET)), "no public access block");
        }
    }

    private JsonNode json(String message) {
        try {
            return mapper.readTree(message);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
