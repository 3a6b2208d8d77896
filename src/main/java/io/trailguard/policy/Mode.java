package io.trailguard.policy;

/**
 * What a policy may do, from least to most: {@code off} (not even matched), {@code dry-run} (decide and
 * record only), {@code alert} (also notify), {@code enforce} (also remediate). Properties spell them
 * {@code off | dry-run | alert | enforce}.
 */
public enum Mode {
    OFF,
    DRY_RUN,
    ALERT,
    ENFORCE;

    /** The lesser of two modes: a global or replay cap never raises a policy's own mode. */
    public Mode cappedBy(Mode cap) {
        return compareTo(cap) <= 0 ? this : cap;
    }

    public boolean alerts() {
        return this == ALERT || this == ENFORCE;
    }

    public String label() {
        return name().toLowerCase().replace('_', '-');
    }
}
