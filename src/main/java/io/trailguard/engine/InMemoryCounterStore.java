package io.trailguard.engine;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The counter store of one process: local runs, replays, and deployments without a dedup table (where each
 * function instance then counts only its own share of the events, and a cold start forgets them).
 */
public class InMemoryCounterStore implements CounterStore {

    /** Bounds memory when events come from very many keys (an enumeration of user names). */
    static final int MAX_KEYS = 10_000;

    private final Map<String, Events> events = new HashMap<>();
    private final Map<String, Brake> brakes = new HashMap<>();

    @Override
    public synchronized EventCount countEvent(String key, String eventId, long atMillis, Duration window, int threshold) {
        if (events.size() >= MAX_KEYS && !events.containsKey(key)) {
            events.clear();
        }
        Events seen = events.computeIfAbsent(key, k -> new Events());
        seen.times.putIfAbsent(eventId, atMillis);
        long newest = seen.times.values().stream().mapToLong(Long::longValue).max().orElse(atMillis);
        seen.times.values().removeIf(t -> t < newest - window.toMillis());
        int count = seen.times.size();
        if (eventId.equals(seen.foundBy)) {
            return new EventCount(count, true);
        }
        boolean quiet = seen.quietUntil == null || atMillis >= seen.quietUntil;
        if (count >= threshold && quiet) {
            seen.quietUntil = atMillis + window.toMillis();
            seen.foundBy = eventId;
            return new EventCount(count, true);
        }
        return new EventCount(count, false);
    }

    @Override
    public synchronized BrakeCount countActions(String key, int actions, long nowMillis, Duration window, int limit) {
        Brake brake = brakes.get(key);
        if (brake != null && brake.trippedAt != null) {
            return new BrakeCount(brake.count, brake.trippedAt, false);
        }
        if (brake == null || nowMillis >= brake.windowEnd) {
            brake = new Brake(nowMillis + window.toMillis());
            brakes.put(key, brake);
        }
        brake.count += actions;
        if (brake.count > limit) {
            brake.trippedAt = nowMillis;
            return new BrakeCount(brake.count, nowMillis, true);
        }
        return new BrakeCount(brake.count, null, false);
    }

    @Override
    public synchronized boolean release(String key) {
        Brake brake = brakes.remove(key);
        return brake != null && brake.trippedAt != null;
    }

    /** Forgets every count and brake, as a cold start would. */
    public synchronized void clear() {
        events.clear();
        brakes.clear();
    }

    private static final class Events {
        final Map<String, Long> times = new LinkedHashMap<>();
        Long quietUntil;
        String foundBy;
    }

    private static final class Brake {
        final long windowEnd;
        long count;
        Long trippedAt;

        Brake(long windowEnd) {
            this.windowEnd = windowEnd;
        }
    }
}
