package io.trailguard.notify;

import static io.trailguard.notify.AttributeValues.n;
import static io.trailguard.notify.AttributeValues.s;

import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The dedup store shared by every instance of the function: one item per handled key in a table with
 * partition key {@code id} (S) and TTL attribute {@code expiresAt} (epoch seconds). A conditional put makes
 * marking atomic across concurrent deliveries; an item past its expiry but not yet swept by TTL counts as gone.
 */
public class DynamoDbDedupStore implements DedupStore {

    private final TableItems dynamo;
    private final String table;
    private final long ttlSeconds;
    private final LongSupplier epochSeconds;

    public DynamoDbDedupStore(TableItems dynamo, String table, long ttlSeconds, LongSupplier epochSeconds) {
        this.dynamo = dynamo;
        this.table = table;
        this.ttlSeconds = ttlSeconds;
        this.epochSeconds = epochSeconds;
    }

    @Override
    public boolean markHandled(String key) {
        long now = epochSeconds.getAsLong();
        try {
            dynamo.putItem(ItemRequest.on(table)
                    .item(Map.of("id", s(key), "expiresAt", n(now + ttlSeconds)))
                    .condition("attribute_not_exists(id) OR expiresAt < :now")
                    .values(Map.of(":now", n(now))));
            return true;
        } catch (ConditionalCheckFailedException duplicate) {
            return false;
        }
    }

    @Override
    public void forget(String key) {
        dynamo.deleteItem(ItemRequest.on(table).key(Map.of("id", s(key))));
    }
}
