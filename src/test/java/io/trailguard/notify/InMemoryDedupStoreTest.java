package io.trailguard.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The per-instance dedup store: a duplicate within the TTL is seen, the oldest keys go when it is full. */
class InMemoryDedupStoreTest {

    long now = 0;
    InMemoryDedupStore store = new InMemoryDedupStore(3, 1000, () -> now);

    @Test
    void duplicateWithinTheTtlIsSeenAndNotAfter() {
        assertTrue(store.markHandled("a"));
        now = 999;
        assertFalse(store.markHandled("a"));
        now = 1000;
        assertTrue(store.markHandled("a"), "expired");
    }

    @Test
    void forgottenKeyIsHandledAgain() {
        assertTrue(store.markHandled("a"));
        store.forget("a");
        assertTrue(store.markHandled("a"));
    }

    @Test
    void boundedByDroppingTheOldest() {
        for (String key : new String[] { "a", "b", "c", "d" }) {
            assertTrue(store.markHandled(key));
        }
        assertEquals(3, store.size());
        assertTrue(store.markHandled("a"), "the oldest was dropped");
        assertFalse(store.markHandled("d"));
    }
}
