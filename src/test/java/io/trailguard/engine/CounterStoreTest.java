package io.trailguard.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.trailguard.MotoServer;
import io.trailguard.remediation.DynamoDbCalls;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Both counter stores keep one contract: the memory one as written, the DynamoDB one against moto's DynamoDB in a
 * table shaped as infra/ creates the dedup table (partition key id S, TTL expiresAt).
 */
class CounterStoreTest {

    static final String TABLE = "trailguard-counter-store-test";
    static final Duration WINDOW = Duration.ofMinutes(15);
    static final long T0 = 1_800_000_000_000L;
    static final long MINUTE = 60_000;

    static DynamoDbClient dynamo;
    /** The store's calls: signed, as in a deployed function; the SDK client above sets up and reads back. */
    static DynamoDbCalls items;

    @BeforeAll
    static void moto() {
        new MotoServer().start();
        dynamo = DynamoDbClient.builder().endpointOverride(URI.create(MotoServer.endpoint())).region(Region.of(MotoServer.REGION))
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"))).build();
        items = new DynamoDbCalls(MotoServer.REGION, URI.create(MotoServer.endpoint()),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")), Duration.ofSeconds(10));
    }

    @AfterAll
    static void close() {
        dynamo.close();
    }

    /** Each test gets its own keys; the table is created again when another test class reset moto meanwhile. */
    static Stream<CounterStore> stores() {
        try {
            dynamo.createTable(b -> b.tableName(TABLE).billingMode(BillingMode.PAY_PER_REQUEST)
                    .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH))
                    .attributeDefinitions(a -> a.attributeName("id").attributeType(ScalarAttributeType.S)));
        } catch (ResourceInUseException exists) {
            // kept from an earlier test
        }
        return Stream.of(new InMemoryCounterStore(), new DynamoDbCounterStore(items, TABLE, () -> T0));
    }

    @ParameterizedTest
    @MethodSource("stores")
    void theEventThatReachesTheCountIsTheOneFindingOfItsWindow(CounterStore store) {
        String key = "threshold#test#" + UUID.randomUUID();
        List<Boolean> found = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            CounterStore.EventCount count = store.countEvent(key, "e" + i, T0 + i * MINUTE, WINDOW, 3);
            counts.add(count.count());
            found.add(count.found());
        }
        assertEquals(List.of(1, 2, 3, 4, 5), counts);
        assertEquals(List.of(false, false, true, false, false), found, "one finding at the count, none for the rest of the window");

        // 20 minutes on, the events of the first burst are out of the window: a lone event is no finding
        CounterStore.EventCount lone = store.countEvent(key, "e5", T0 + 20 * MINUTE, WINDOW, 3);
        assertEquals(1, lone.count());
        assertFalse(lone.found());
        // a new burst past the quiet window (15 min after the finding) is a new finding
        assertFalse(store.countEvent(key, "e6", T0 + 21 * MINUTE, WINDOW, 3).found());
        CounterStore.EventCount again = store.countEvent(key, "e7", T0 + 22 * MINUTE, WINDOW, 3);
        assertEquals(3, again.count());
        assertTrue(again.found());
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aRedeliveredEventCountsOnceAndTheFindingStaysTheFinding(CounterStore store) {
        String key = "threshold#test#" + UUID.randomUUID();
        store.countEvent(key, "a", T0, WINDOW, 3);
        store.countEvent(key, "b", T0 + MINUTE, WINDOW, 3);
        assertEquals(2, store.countEvent(key, "b", T0 + MINUTE, WINDOW, 3).count(), "b delivered twice counts once");
        assertTrue(store.countEvent(key, "c", T0 + 2 * MINUTE, WINDOW, 3).found());
        CounterStore.EventCount redelivered = store.countEvent(key, "c", T0 + 2 * MINUTE, WINDOW, 3);
        assertEquals(3, redelivered.count());
        assertTrue(redelivered.found(), "a retried invocation of the finding (its alert failed) is the finding again");
        assertFalse(store.countEvent(key, "b", T0 + MINUTE, WINDOW, 3).found());
    }

    @ParameterizedTest
    @MethodSource("stores")
    void keysCountApart(CounterStore store) {
        String prefix = "threshold#test#" + UUID.randomUUID();
        store.countEvent(prefix + "#alice", "a", T0, WINDOW, 2);
        CounterStore.EventCount bob = store.countEvent(prefix + "#bob", "b", T0, WINDOW, 2);
        assertEquals(1, bob.count());
        assertFalse(bob.found());
    }

    @ParameterizedTest
    @MethodSource("stores")
    void pastTheLimitTheBrakeGoesOnOnceAndStaysOnUntilReleased(CounterStore store) {
        String key = "brake#test#" + UUID.randomUUID();
        Duration window = Duration.ofMinutes(10);
        assertFalse(store.countActions(key, 1, T0, window, 2).on());
        assertFalse(store.countActions(key, 1, T0 + MINUTE, window, 2).on());
        CounterStore.BrakeCount tripped = store.countActions(key, 1, T0 + 2 * MINUTE, window, 2);
        assertTrue(tripped.on());
        assertTrue(tripped.trippedNow());
        assertEquals(3, tripped.count());
        CounterStore.BrakeCount held = store.countActions(key, 1, T0 + 3 * MINUTE, window, 2);
        assertTrue(held.on());
        assertFalse(held.trippedNow(), "only the call that tripped it says so");
        assertEquals(T0 + 2 * MINUTE, held.trippedAt());
        assertTrue(store.countActions(key, 1, T0 + 60 * MINUTE, window, 2).on(), "the window passing does not release it");

        assertTrue(store.release(key));
        CounterStore.BrakeCount fresh = store.countActions(key, 1, T0 + 61 * MINUTE, window, 2);
        assertFalse(fresh.on());
        assertNull(fresh.trippedAt());
        assertEquals(1, fresh.count(), "counting starts over");
        assertFalse(store.release(key), "it was not on");
    }

    @ParameterizedTest
    @MethodSource("stores")
    void actionsOfAnEarlierWindowDoNotCount(CounterStore store) {
        String key = "brake#test#" + UUID.randomUUID();
        Duration window = Duration.ofMinutes(10);
        assertFalse(store.countActions(key, 2, T0, window, 2).on());
        CounterStore.BrakeCount next = store.countActions(key, 2, T0 + 10 * MINUTE, window, 2);
        assertFalse(next.on(), "a new window from the first action counted in it");
        assertEquals(2, next.count());
        assertTrue(store.countActions(key, 1, T0 + 11 * MINUTE, window, 2).trippedNow());
    }

    @Test
    void aTrippedBrakeInTheTableHasNoExpiryAndThresholdItemsExpireAndStaySmall() {
        CounterStore store = new DynamoDbCounterStore(items, TABLE, () -> T0);
        stores().close();
        String brake = "brake#test#" + UUID.randomUUID();
        store.countActions(brake, 2, T0, Duration.ofMinutes(10), 1);
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(TABLE).key(Map.of("id", AttributeValue.fromS(brake)))).item();
        assertTrue(item.containsKey("trippedAt"), item.toString());
        assertFalse(item.containsKey("expiresAt"), "TTL must not release a brake: " + item);

        String threshold = "threshold#test#" + UUID.randomUUID();
        store.countEvent(threshold, "a", T0, WINDOW, 5);
        Map<String, AttributeValue> counted = dynamo.getItem(b -> b.tableName(TABLE).key(Map.of("id", AttributeValue.fromS(threshold)))).item();
        assertEquals(Long.toString(T0 / 1000 + WINDOW.toSeconds() + DynamoDbCounterStore.TTL_SLACK_SECONDS), counted.get("expiresAt").n());
        store.countEvent(threshold, "b", T0 + 20 * MINUTE, WINDOW, 5);
        Map<String, AttributeValue> pruned = dynamo.getItem(b -> b.tableName(TABLE).key(Map.of("id", AttributeValue.fromS(threshold)))).item();
        assertEquals(List.of("b"), List.copyOf(pruned.get("events").m().keySet()), "events out of the window are dropped: the item stays small");
    }
}
