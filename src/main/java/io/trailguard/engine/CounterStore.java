package io.trailguard.engine;

import java.time.Duration;

/**
 * The engine's shared state: events counted towards thresholds and remediations counted towards brakes. In
 * memory for local runs and replays; in production in the dedup table, so that every function instance sees the
 * same counts. Each operation is atomic across callers of one store.
 */
public interface CounterStore {

    /**
     * Counts event {@code eventId} (at {@code atMillis}, the event's own time) for {@code key} and returns the events
     * of the key within {@code window} before it. {@code found} is true for the one event that makes the count reach
     * {@code threshold} after a quiet window: no other event of that key is a finding until {@code window} after it.
     * A redelivered event counts once and, if it was the finding, is the finding again.
     */
    EventCount countEvent(String key, String eventId, long atMillis, Duration window, int threshold);

    /**
     * Counts {@code actions} remediations for brake {@code key} in its window (starting at the first action counted,
     * lasting {@code window}), unless the brake is already on. Past {@code limit} within the window the brake goes
     * on, and stays on until {@link #release}.
     */
    BrakeCount countActions(String key, int actions, long nowMillis, Duration window, int limit);

    /** Takes brake {@code key} off and forgets its count; true when it was on. */
    boolean release(String key);

    /** The count of one event's key: {@code count} within the window, and whether this event is the finding. */
    record EventCount(int count, boolean found) {
    }

    /**
     * A brake after counting: {@code count} actions in its window; {@code trippedAt} (epoch ms) when it is on;
     * {@code trippedNow} for the one caller that turned it on.
     */
    record BrakeCount(long count, Long trippedAt, boolean trippedNow) {

        public boolean on() {
            return trippedAt != null;
        }
    }
}
