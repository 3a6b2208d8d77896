package io.trailguard.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.trailguard.notify.AttributeValues;
import io.trailguard.notify.ConditionalCheckFailedException;
import io.trailguard.notify.ItemRequest;
import io.trailguard.notify.TableItems;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

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

    private final TableItems dynamo;
    private final String table;
    private final LongSupplier epochMillis;

    public DynamoDbCounterStore(TableItems dynamo, String table, LongSupplier epochMillis) {
        this.dynamo = dynamo;
        this.table = table;
        this.epochMillis = epochMillis;
    }

    @Override
    public EventCount countEvent(String key, String eventId, long atMillis, Duration window, int threshold) {
        JsonNode item = addEvent(key, eventId, atMillis, window);
        Map<String, Long> events = new HashMap<>();
        item.path("events").path("M").fields().forEachRemaining(e -> events.put(e.getKey(), AttributeValues.n(e.getValue())));
        long newest = events.values().stream().mapToLong(Long::longValue).max().orElse(atMillis);
        List<String> stale = new ArrayList<>();
        int count = 0;
        for (Map.Entry<String, Long> event : events.entrySet()) {
            if (event.getValue() < newest - window.toMillis()) {
                stale.add(event.getKey());
            } else {
                count++;
            }
        }
        forget(key, stale);
        if (eventId.equals(AttributeValues.s(item, "foundBy"))) {
            return new EventCount(count, true);
        }
        boolean quiet = !item.has("quietUntil") || atMillis >= AttributeValues.n(item, "quietUntil");
        if (count < threshold || !quiet) {
            return new EventCount(count, false);
        }
        try {
            // one claimant wins: a concurrent event that also reached the count finds quietUntil set by the other
            dynamo.updateItem(ItemRequest.on(table).key(id(key))
                    .update("SET quietUntil = :until, foundBy = :event")
                    .condition("attribute_not_exists(quietUntil) OR quietUntil <= :at")
                    .values(Map.of(":until", number(atMillis + window.toMillis()), ":event",
                            AttributeValues.s(eventId), ":at", number(atMillis))));
            return new EventCount(count, true);
        } catch (ConditionalCheckFailedException claimed) {
            return new EventCount(count, false);
        }
    }

    /** The key's item with the event added (or kept as first recorded, for a redelivery). */
    private JsonNode addEvent(String key, String eventId, long atMillis, Duration window) {
        JsonNode expires = number(epochMillis.getAsLong() / 1000 + window.toSeconds() + TTL_SLACK_SECONDS);
        for (int tries = 0; tries < CONTENDED_TRIES; tries++) {
            try {
                return dynamo.updateItem(ItemRequest.on(table).key(id(key))
                        .update("SET #events.#event = if_not_exists(#events.#event, :at), expiresAt = :expires")
                        .condition("attribute_exists(#events)")
                        .names(Map.of("#events", "events", "#event", eventId))
                        .values(Map.of(":at", number(atMillis), ":expires", expires))
                        .returnValues("ALL_NEW"));
            } catch (ConditionalCheckFailedException absent) {
                // the first event of the key (or of an item swept by TTL): create it, unless another instance just did
            }
            Map<String, JsonNode> item = new HashMap<>(id(key));
            item.put("events", AttributeValues.m(Map.of(eventId, number(atMillis))));
            item.put("expiresAt", expires);
            try {
                dynamo.putItem(ItemRequest.on(table).item(item).condition("attribute_not_exists(#events)")
                        .names(Map.of("#events", "events")));
                return JsonNodeFactory.instance.objectNode().setAll(item);
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
            dynamo.updateItem(ItemRequest.on(table).key(id(key)).update("REMOVE " + String.join(", ", paths))
                    .condition("attribute_exists(#events)").names(names));
        } catch (ConditionalCheckFailedException | AwsServiceException e) {
            LOG.debugf("stale events of %s not dropped: %s", key, e.getClass().getSimpleName());
        }
    }

    @Override
    public BrakeCount countActions(String key, int actions, long nowMillis, Duration window, int limit) {
        Long count = null;
        for (int tries = 0; tries < CONTENDED_TRIES && count == null; tries++) {
            try {
                JsonNode item = dynamo.updateItem(ItemRequest.on(table).key(id(key))
                        .update("ADD #actions :n")
                        .condition("attribute_exists(windowEnd) AND windowEnd > :now AND attribute_not_exists(trippedAt)")
                        .names(Map.of("#actions", "actions"))
                        .values(Map.of(":n", number(actions), ":now", number(nowMillis)))
                        .returnValues("ALL_NEW"));
                count = AttributeValues.n(item, "actions");
                break;
            } catch (ConditionalCheckFailedException notCounting) {
                // on, or no window open: read which
            }
            JsonNode current = read(key);
            if (current.has("trippedAt")) {
                return new BrakeCount(actionsOf(current), AttributeValues.n(current, "trippedAt"), false);
            }
            Map<String, JsonNode> item = new HashMap<>(id(key));
            item.put("actions", number(actions));
            item.put("windowEnd", number(nowMillis + window.toMillis()));
            item.put("expiresAt", number(nowMillis / 1000 + window.toSeconds() + TTL_SLACK_SECONDS));
            try {
                dynamo.putItem(ItemRequest.on(table).item(item)
                        .condition("attribute_not_exists(id) OR (windowEnd <= :now AND attribute_not_exists(trippedAt))")
                        .values(Map.of(":now", number(nowMillis))));
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
            dynamo.updateItem(ItemRequest.on(table).key(id(key)).update("SET trippedAt = :now REMOVE expiresAt")
                    .condition("attribute_not_exists(trippedAt)")
                    .values(Map.of(":now", number(nowMillis))));
            return new BrakeCount(count, nowMillis, true);
        } catch (ConditionalCheckFailedException alreadyOn) {
            JsonNode current = read(key);
            return new BrakeCount(count, current.has("trippedAt") ? AttributeValues.n(current, "trippedAt") : nowMillis, false);
        }
    }

    @Override
    public boolean release(String key) {
        JsonNode old = dynamo.deleteItem(ItemRequest.on(table).key(id(key)).returnValues("ALL_OLD"));
        return old.has("trippedAt");
    }

    private JsonNode read(String key) {
        return dynamo.getItem(ItemRequest.on(table).key(id(key)).consistentRead());
    }

    private static long actionsOf(JsonNode item) {
        return item.has("actions") ? AttributeValues.n(item, "actions") : 0;
    }

    private static Map<String, JsonNode> id(String key) {
        return Map.of("id", AttributeValues.s(key));
    }

    private static JsonNode number(long value) {
        return AttributeValues.n(value);
    }
}
