package io.trailguard.policy;

import java.time.Duration;
import java.util.Objects;

/**
 * N matching events within a window, counted per key, make one finding: one failed sign-in is noise, twenty from
 * one principal in five minutes are not. Below the count a matching event is recorded but is no finding.
 */
public record Threshold(int count, Duration window, GroupBy groupBy) {

    /** What the events are counted by. */
    public enum GroupBy {
        PRINCIPAL,
        RESOURCE,
        ACCOUNT;

        /** As rules and properties spell it: {@code principal | resource | account}. */
        public String label() {
            return name().toLowerCase();
        }
    }

    public Threshold {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(groupBy, "groupBy");
        if (count < 1) {
            throw new IllegalArgumentException("a threshold counts at least 1 event, not " + count);
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("a threshold window must be positive, not " + window);
        }
    }

    /** {@code 15 min}, {@code 1 h}, {@code 30 s}: as audit lines, alerts and the catalog say a window. */
    public static String words(Duration window) {
        if (window.toSeconds() % 3600 == 0) {
            return window.toHours() + " h";
        }
        if (window.toSeconds() % 60 == 0) {
            return window.toMinutes() + " min";
        }
        return window.toSeconds() + " s";
    }

    /** {@code 20 in 5 min per principal}. */
    public String words() {
        return count + " in " + words(window) + " per " + groupBy.label();
    }
}
