package io.trailguard.policies.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

/** The in-memory failure window of sign-in-failures: counts per principal, once per event, on the events' own times. */
class FailedSignInsTest {

    static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    final FailedSignIns failures = new FailedSignIns(5, Duration.ofMinutes(15));

    @Test
    void theFifthFailureWithinTheWindowReachesTheThresholdAndTheCountStartsOver() {
        for (int i = 1; i <= 4; i++) {
            assertEquals(i, failures.record("carol", "e" + i, T0.plusSeconds(60L * i)));
        }
        assertEquals(5, failures.record("carol", "e5", T0.plusSeconds(300)));
        assertEquals(1, failures.record("carol", "e6", T0.plusSeconds(360)), "a new alert needs five failures again");
    }

    @Test
    void aRedeliveredEventCountsOnce() {
        assertEquals(1, failures.record("carol", "e1", T0));
        assertEquals(1, failures.record("carol", "e1", T0));
        assertEquals(2, failures.record("carol", "e2", T0.plusSeconds(5)));
    }

    @Test
    void failuresOlderThanTheWindowDropOut() {
        failures.record("carol", "e1", T0);
        failures.record("carol", "e2", T0.plusSeconds(60));
        failures.record("carol", "e3", T0.plusSeconds(120));
        assertEquals(2, failures.record("carol", "e4", T0.plus(Duration.ofMinutes(17))), "e1 and e2 are out of the window");
    }

    @Test
    void principalsAreCountedApart() {
        for (int i = 1; i <= 4; i++) {
            failures.record("carol", "c" + i, T0);
        }
        assertEquals(1, failures.record("dave", "d1", T0));
    }

    @Test
    void tooManyPrincipalsForgetsTheOldCounts() {
        for (int i = 0; i < FailedSignIns.MAX_PRINCIPALS; i++) {
            failures.record("user-" + i, "e" + i, T0);
        }
        failures.record("user-0", "again", T0);
        assertEquals(1, failures.record("one-too-many", "x", T0));
        assertEquals(1, failures.record("user-0", "after", T0), "memory was bounded by starting over");
    }
}
