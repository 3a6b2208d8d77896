package io.trailguard.policy;

/**
 * When the current invocation must be done by: remediation retries and re-checks stop before it, so the
 * function reports its outcome itself instead of being killed by Lambda's timeout mid-way.
 */
public record Deadline(long epochMillis) {

    /** Left for writing the audit line and sending the alert after the last remediation attempt. */
    public static final long MARGIN_MILLIS = 1000;
    /** When no deadline is known (local runs, the mock event server): the budget an invocation gets. */
    public static final long UNKNOWN_BUDGET_MILLIS = 60_000;

    /** From the Lambda context's remaining time; a non-positive value means the runtime gave no deadline. */
    public static Deadline fromRemaining(long remainingMillis) {
        long budget = remainingMillis > 0 ? Math.max(0, remainingMillis - MARGIN_MILLIS) : UNKNOWN_BUDGET_MILLIS;
        return after(budget);
    }

    public static Deadline after(long millis) {
        return new Deadline(System.currentTimeMillis() + millis);
    }

    public static Deadline unknown() {
        return after(UNKNOWN_BUDGET_MILLIS);
    }

    public long remainingMillis() {
        return Math.max(0, epochMillis - System.currentTimeMillis());
    }

    /** Whether waiting {@code millis} still leaves time for one more attempt. */
    public boolean allowsWait(long millis) {
        return System.currentTimeMillis() + millis < epochMillis;
    }
}
