package io.trailguard.notify;

import java.util.Map;
import java.util.function.LongSupplier;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The dedup store shared by every instance of the function: one item per handled key in a table with
 * partition key {@code id} (S) and TTL attribute {@code expiresAt} (epoch seconds). A conditional put makes
 * marking atomic across concurrent deliveries; an item past its expiry but not yet swept by TTL counts as gone.
 */
public class DynamoDbDedupStore implements DedupStore {

    private final DynamoDbClient dynamo;
    private final String table;
    private final long ttlSeconds;
    private final LongSupplier epochSeconds;

    public DynamoDbDedupStore(DynamoDbClient dynamo, String table, long ttlSeconds, LongSupplier epochSeconds) {
        this.dynamo = dynamo;
        this.table = table;
        this.ttlSeconds = ttlSeconds;
        this.epochSeconds = epochSeconds;
    }

    @Override
    public boolean markHandled(String key) {
        long now = epochSeconds.getAsLong();
        try {
            dynamo.putItem(b -> b.tableName(table)
                    .item(Map.of("id", AttributeValue.fromS(key), "expiresAt", AttributeValue.fromN(Long.toString(now + ttlSeconds))))
                    .conditionExpression("attribute_not_exists(id) OR expiresAt < :now")
                    .expressionAttributeValues(Map.of(":now", AttributeValue.fromN(Long.toString(now)))));
            return true;
        } catch (ConditionalCheckFailedException duplicate) {
            return false;
        }
    }

    @Override
    public void forget(String key) {
        dynamo.deleteItem(b -> b.tableName(table).key(Map.of("id", AttributeValue.fromS(key))));
    }
}
