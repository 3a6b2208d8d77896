package io.trailguard.policies.identity;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Failed sign-ins per principal within a sliding window, in this function instance's memory only: a
 * cold start forgets them, and concurrent instances each count their own share (so a burst spread over
 * several instances may go unseen). Failures are kept by event id, so a redelivered event counts once;
 * the window slides on the events' own times, so the count does not depend on delivery delay.
 */
final class FailedSignIns {

    /** Bounds memory when failures come from very many principals (an enumeration of user names). */
    static final int MAX_PRINCIPALS = 10_000;

    private final int threshold;
    private final Duration window;
    private final Map<String, Map<String, Instant>> failures = new HashMap<>();

    FailedSignIns(int threshold, Duration window) {
        this.threshold = threshold;
        this.window = window;
    }

    /**
     * Records one failure and returns how many this principal has within the window. On reaching the
     * threshold the principal's count starts over, so the next alert needs as many failures again.
     */
    synchronized int record(String principal, String eventId, Instant at) {
        if (failures.size() >= MAX_PRINCIPALS && !failures.containsKey(principal)) {
            failures.clear();
        }
        Map<String, Instant> seen = failures.computeIfAbsent(principal, p -> new LinkedHashMap<>());
        seen.putIfAbsent(eventId, at);
        Instant newest = seen.values().stream().max(Instant::compareTo).orElse(at);
        for (Iterator<Instant> times = seen.values().iterator(); times.hasNext();) {
            if (times.next().isBefore(newest.minus(window))) {
                times.remove();
            }
        }
        int count = seen.size();
        if (count >= threshold) {
            failures.remove(principal);
        }
        return count;
    }

    synchronized void clear() {
        failures.clear();
    }

    int threshold() {
        return threshold;
    }

    Duration window() {
        return window;
    }
}
