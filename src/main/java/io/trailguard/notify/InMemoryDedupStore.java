package io.trailguard.notify;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The dedup store when no DynamoDB table is configured: bounded and per instance, so it only catches
 * redeliveries that reach the same warm Lambda instance (most do, within seconds); oldest keys go first.
 */
public class InMemoryDedupStore implements DedupStore {

    private final int maxEntries;
    private final long ttlMillis;
    private final LongSupplier clock;
    private final LinkedHashMap<String, Long> expiries;

    public InMemoryDedupStore(int maxEntries, long ttlMillis, LongSupplier clock) {
        this.maxEntries = maxEntries;
        this.ttlMillis = ttlMillis;
        this.clock = clock;
        this.expiries = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
                return size() > InMemoryDedupStore.this.maxEntries;
            }
        };
    }

    @Override
    public synchronized boolean markHandled(String key) {
        long now = clock.getAsLong();
        Long expiresAt = expiries.get(key);
        if (expiresAt != null && expiresAt > now) {
            return false;
        }
        expiries.remove(key);
        expiries.put(key, now + ttlMillis);
        return true;
    }

    @Override
    public synchronized void forget(String key) {
        expiries.remove(key);
    }

    synchronized int size() {
        return expiries.size();
    }
}
