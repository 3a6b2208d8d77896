package io.trailguard.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

import org.jboss.logging.Logger;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * The counter store every function instance shares: items of the dedup table (partition key {@code id} S, TTL
 * {@code expiresAt}), keyed apart from its event ids by the caller's prefixes. Every change is one conditional
 * UpdateItem or PutItem, so concurrent instances never lose a count nor both claim a finding or a brake's trip.
 * <ul>
 * <li>a threshold key holds its events as a map of event id to event time ({@code events}), so a redelivery counts
 * once, and {@code quietUntil}/{@code foundBy} once a finding was made;</li>
 * <li>a brake key holds {@code actions} counted until {@code windowEnd}, and {@code trippedAt} once on; a tripped
 * brake loses its TTL, so it stays on until released.</li>
 * </ul>
 */
public class DynamoDbCounterStore implements CounterStore {

    private static final Logger LOG = Logger.getLogger(DynamoDbCounterStore.class);

    /** Kept past its window by this much, so a late event or a slow clock finds the count still there. */
    static final long TTL_SLACK_SECONDS = 3600;
    /** Conditional writes lost to a concurrent instance are retried this often before giving up. */
    static final int CONTENDED_TRIES = 5;

    private final DynamoDbClient dynamo;
    private final String table;
    private final LongSupplier epochMillis;

    public DynamoDbCounterStore(DynamoDbClient dynamo, String table, LongSupplier epochMillis) {
        this.dynamo = dynamo;
        this.table = table;
        this.epochMillis = epochMillis;
    }

    @Override
    public EventCount countEvent(String key, String eventId, long atMillis, Duration window, int threshold) {
        Map<String, AttributeValue> item = addEvent(key, eventId, atMillis, window);
        Map<String, AttributeValue> events = item.getOrDefault("events", AttributeValue.fromM(Map.of())).m();
        long newest = events.values().stream().mapToLong(v -> Long.parseLong(v.n())).max().orElse(atMillis);
        List<String> stale = new ArrayList<>();
        int count = 0;
        for (Map.Entry<String, AttributeValue> event : events.entrySet()) {
            if (Long.parseLong(event.getValue().n()) < newest - window.toMillis()) {
                stale.add(event.getKey());
            } else {
                count++;
            }
        }
        forget(key, stale);
        if (item.containsKey("foundBy") && eventId.equals(item.get("foundBy").s())) {
            return new EventCount(count, true);
        }
        boolean quiet = !item.containsKey("quietUntil") || atMillis >= Long.parseLong(item.get("quietUntil").n());
        if (count < threshold || !quiet) {
            return new EventCount(count, false);
        }
        try {
            // one claimant wins: a concurrent event that also reached the count finds quietUntil set by the other
            dynamo.updateItem(b -> b.tableName(table).key(id(key))
                    .updateExpression("SET quietUntil = :until, foundBy = :event")
                    .conditionExpression("attribute_not_exists(quietUntil) OR quietUntil <= :at")
                    .expressionAttributeValues(Map.of(":until", number(atMillis + window.toMillis()), ":event",
                            AttributeValue.fromS(eventId), ":at", number(atMillis))));
            return new EventCount(count, true);
        } catch (ConditionalCheckFailedException claimed) {
            return new EventCount(count, false);
        }
    }

    /** The key's item with the event added (or kept as first recorded, for a redelivery). */
    private Map<String, AttributeValue> addEvent(String key, String eventId, long atMillis, Duration window) {
        AttributeValue expires = number(epochMillis.getAsLong() / 1000 + window.toSeconds() + TTL_SLACK_SECONDS);
        for (int tries = 0; tries < CONTENDED_TRIES; tries++) {
            try {
                return dynamo.updateItem(b -> b.tableName(table).key(id(key))
                        .updateExpression("SET #events.#event = if_not_exists(#events.#event, :at), expiresAt = :expires")
                        .conditionExpression("attribute_exists(#events)")
                        .expressionAttributeNames(Map.of("#events", "events", "#event", eventId))
                        .expressionAttributeValues(Map.of(":at", number(atMillis), ":expires", expires))
                        .returnValues(ReturnValue.ALL_NEW)).attributes();
            } catch (ConditionalCheckFailedException absent) {
                // the first event of the key (or of an item swept by TTL): create it, unless another instance just did
            }
            Map<String, AttributeValue> item = new HashMap<>(id(key));
            item.put("events", AttributeValue.fromM(Map.of(eventId, number(atMillis))));
            item.put("expiresAt", expires);
            try {
                dynamo.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(#events)")
                        .expressionAttributeNames(Map.of("#events", "events")));
                return item;
            } catch (ConditionalCheckFailedException created) {
                // created meanwhile: add to it
            }
        }
        throw new IllegalStateException("threshold count of " + key + " still contended after " + CONTENDED_TRIES + " tries");
    }

    /** Drops events out of the window, so that the item stays small; best effort, a left-over is dropped next time. */
    private void forget(String key, List<String> stale) {
        if (stale.isEmpty()) {
            return;
        }
        List<String> some = stale.subList(0, Math.min(stale.size(), 50));
        Map<String, String> names = new HashMap<>(Map.of("#events", "events"));
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < some.size(); i++) {
            names.put("#e" + i, some.get(i));
            paths.add("#events.#e" + i);
        }
        try {
            dynamo.updateItem(b -> b.tableName(table).key(id(key)).updateExpression("REMOVE " + String.join(", ", paths))
                    .conditionExpression("attribute_exists(#events)").expressionAttributeNames(names));
        } catch (DynamoDbException e) {
            LOG.debugf("stale events of %s not dropped: %s", key, e.getClass().getSimpleName());
        }
    }

    @Override
    public BrakeCount countActions(String key, int actions, long nowMillis, Duration window, int limit) {
        Long count = null;
        for (int tries = 0; tries < CONTENDED_TRIES && count == null; tries++) {
            try {
                Map<String, AttributeValue> item = dynamo.updateItem(b -> b.tableName(table).key(id(key))
                        .updateExpression("ADD #actions :n")
                        .conditionExpression("attribute_exists(windowEnd) AND windowEnd > :now AND attribute_not_exists(trippedAt)")
                        .expressionAttributeNames(Map.of("#actions", "actions"))
                        .expressionAttributeValues(Map.of(":n", number(actions), ":now", number(nowMillis)))
                        .returnValues(ReturnValue.ALL_NEW)).attributes();
                count = Long.parseLong(item.get("actions").n());
                break;
            } catch (ConditionalCheckFailedException notCounting) {
                // on, or no window open: read which
            }
            Map<String, AttributeValue> current = read(key);
            if (current.containsKey("trippedAt")) {
                return new BrakeCount(actionsOf(current), Long.parseLong(current.get("trippedAt").n()), false);
            }
            Map<String, AttributeValue> item = new HashMap<>(id(key));
            item.put("actions", number(actions));
            item.put("windowEnd", number(nowMillis + window.toMillis()));
            item.put("expiresAt", number(nowMillis / 1000 + window.toSeconds() + TTL_SLACK_SECONDS));
            try {
                dynamo.putItem(b -> b.tableName(table).item(item)
                        .conditionExpression("attribute_not_exists(id) OR (windowEnd <= :now AND attribute_not_exists(trippedAt))")
                        .expressionAttributeValues(Map.of(":now", number(nowMillis))));
                count = (long) actions;
            } catch (ConditionalCheckFailedException opened) {
                // another instance opened the window or tripped the brake meanwhile: count again
            }
        }
        if (count == null) {
            throw new IllegalStateException("brake " + key + " still contended after " + CONTENDED_TRIES + " tries");
        }
        if (count <= limit) {
            return new BrakeCount(count, null, false);
        }
        try {
            // the brake stays on until released: its TTL goes with the trip
            dynamo.updateItem(b -> b.tableName(table).key(id(key)).updateExpression("SET trippedAt = :now REMOVE expiresAt")
                    .conditionExpression("attribute_not_exists(trippedAt)")
                    .expressionAttributeValues(Map.of(":now", number(nowMillis))));
            return new BrakeCount(count, nowMillis, true);
        } catch (ConditionalCheckFailedException alreadyOn) {
            Map<String, AttributeValue> current = read(key);
            return new BrakeCount(count, current.containsKey("trippedAt") ? Long.parseLong(current.get("trippedAt").n()) : nowMillis, false);
        }
    }

    @Override
    public boolean release(String key) {
        Map<String, AttributeValue> old = dynamo.deleteItem(b -> b.tableName(table).key(id(key)).returnValues(ReturnValue.ALL_OLD))
                .attributes();
        return old != null && old.containsKey("trippedAt");
    }

    private Map<String, AttributeValue> read(String key) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(id(key)).consistentRead(true)).item();
        return item == null ? Map.of() : item;
    }

    private static long actionsOf(Map<String, AttributeValue> item) {
        return item.containsKey("actions") ? Long.parseLong(item.get("actions").n()) : 0;
    }

    private static Map<String, AttributeValue> id(String key) {
        return Map.of("id", AttributeValue.fromS(key));
    }

    private static AttributeValue number(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
