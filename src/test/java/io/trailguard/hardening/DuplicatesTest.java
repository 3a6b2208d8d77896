package io.trailguard.hardening;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.trailguard.AlertInbox;
import io.trailguard.HardeningProfile;
import io.trailguard.Lambda;
import io.trailguard.MotoServer;
import io.trailguard.SampleEvents;
import io.trailguard.handler.InterceptionResult;
import io.trailguard.handler.Interceptor;
import io.trailguard.handler.RemediationFailedException;
import io.trailguard.notify.DynamoDbDedupStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * The same event delivered more than once gives one remediation effect and one alert; the dedup key is
 * written to the DynamoDB table only once the decision was carried out, so a failed run is redone.
 */
@QuarkusTest
@TestProfile(HardeningProfile.class)
class DuplicatesTest {

    static final String BUCKET = "tg-demo-data";
    static final String EVENT = SampleEvents.read("s3-public-bucket", "delete-bucket-public-access-block");
    static final String KEY = "s3-public-bucket/005e0000-0000-0040-0080-000000015445";

    @Inject
    S3Client s3;
    @Inject
    SnsClient sns;
    @Inject
    Interceptor interceptor;

    AlertInbox alerts;

    @BeforeEach
    void freshAccount() {
        MotoServer.reset();
        HardeningProfile.proxy().clear();
        DedupTable.create();
        alerts = AlertInbox.create(sns);
    }

    @AfterEach
    void close() {
        alerts.close();
    }

    @Test
    void secondDeliveryNeitherActsNorAlerts() {
        s3.createBucket(b -> b.bucket(BUCKET));

        Lambda.invoke(EVENT).statusCode(200).body("decisions[0].actions[0].outcome", equalTo("applied"))
                .body("decisions[0].alert", equalTo("sns: sent"));
        Lambda.invoke(EVENT).statusCode(200).body("decisions[0].actions[0].outcome", equalTo("already-compliant"))
                .body("decisions[0].alert", startsWith("not sent: duplicate delivery"));

        assertTrue(s3.getPublicAccessBlock(b -> b.bucket(BUCKET)).publicAccessBlockConfiguration().blockPublicAcls());
        assertEquals(1, alerts.messages().size(), "one alert for two deliveries");
        long expiresAt = Long.parseLong(DedupTable.item(KEY).get("expiresAt").n());
        long now = System.currentTimeMillis() / 1000;
        assertTrue(expiresAt > now + 86_000 && expiresAt <= now + 86_400, "TTL of a day: " + expiresAt);
    }

    @Test
    void failedRunIsNotMarkedSoItsRedeliveryIsHandled() {
        // no bucket yet: the remediation fails and the invocation with it
        assertThrows(RemediationFailedException.class, () -> intercept());
        assertTrue(DedupTable.item(KEY).isEmpty(), "not marked as handled");

        s3.createBucket(b -> b.bucket(BUCKET));
        InterceptionResult redelivered = intercept();
        assertEquals("applied", redelivered.decisions().get(0).outcome().actions().get(0).outcome());
        assertEquals("sns: sent", redelivered.decisions().get(0).outcome().alert());
        assertFalse(DedupTable.item(KEY).isEmpty(), "marked once carried out");
        assertEquals(2, alerts.messages().size(), "the failure's alert, then the remediation's");
    }

    @Test
    void concurrentDeliveriesAlertOnce() throws Exception {
        s3.createBucket(b -> b.bucket(BUCKET));
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Callable<InterceptionResult>> deliveries = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                deliveries.add(this::intercept);
            }
            int sent = 0;
            for (Future<InterceptionResult> result : pool.invokeAll(deliveries)) {
                if ("sns: sent".equals(result.get().decisions().get(0).outcome().alert())) {
                    sent++;
                }
            }
            assertEquals(1, sent, "one delivery alerts, the others see the key");
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, alerts.messages().size());
    }

    @Test
    void dynamoDbStoreMarksOnceForgetsAndTreatsExpiredItemsAsGone() {
        try (DynamoDbClient dynamo = DedupTable.client()) {
            long[] now = { 1_000_000 };
            DynamoDbDedupStore store = new DynamoDbDedupStore(DedupTable.items(), HardeningProfile.DEDUP_TABLE, 60, () -> now[0]);
            assertTrue(store.markHandled("p/e1"));
            assertFalse(store.markHandled("p/e1"), "a duplicate");
            assertTrue(store.markHandled("p/e2"), "another event");
            store.forget("p/e1");
            assertTrue(store.markHandled("p/e1"), "forgotten, so handled again");
            now[0] += 61;
            assertTrue(store.markHandled("p/e2"), "expired but not yet swept by TTL counts as gone");
            assertEquals(Long.toString(now[0] + 60), dynamo.getItem(b -> b.tableName(HardeningProfile.DEDUP_TABLE)
                    .key(java.util.Map.of("id", AttributeValue.fromS("p/e2")))).item().get("expiresAt").n());
        }
    }

    private InterceptionResult intercept() {
        return interceptor.intercept(EVENT.getBytes(StandardCharsets.UTF_8), "all");
    }

}
