package io.trailguard.policy;

/**
 * A policy's verdict on one event before anything is done: its decision (null when a safety rule skipped
 * the event before deciding), the effective mode, why it is skipped if it is, and whether the call failed and
 * the decision is reported as an attempt ({@link FailedCalls}): severity one lower, never remediated.
 */
public record Verdict(ConfiguredPolicy policy, Decision decision, Mode mode, String skipped, boolean attempt) {

    /** The mode label of an attempt alerted on, in the audit line and the alert. */
    public static final String ATTEMPTED = "attempted";

    public Verdict(ConfiguredPolicy policy, Decision decision, Mode mode, String skipped) {
        this(policy, decision, mode, skipped, false);
    }

    public static Verdict skip(ConfiguredPolicy policy, Mode mode, String why) {
        return new Verdict(policy, null, mode, why, false);
    }

    /**
     * The decision on a failed call, as an attempt: a finding one severity lower, its reason saying the call failed,
     * its mode at most alert so that nothing is ever remediated; {@code skipped} as for any verdict (exempt resource).
     */
    public static Verdict attempt(ConfiguredPolicy policy, Decision decision, Mode mode, String errorCode, String skipped) {
        Decision attempted = !decision.matched() ? decision
                : new Decision(true, decision.severity().lower(), decision.resource(),
                        "failed attempt (" + errorCode + "): " + decision.reason(), decision.findings(), decision.actions());
        return new Verdict(policy, attempted, mode.cappedBy(Mode.ALERT), skipped, true);
    }

    /** A finding that is not skipped: it will be recorded, and alerted on or remediated as its mode allows. */
    public boolean actionable() {
        return skipped == null && decision != null && decision.matched();
    }

    /** {@code attempted} for an attempt its mode alerts on, else the mode's own label. */
    public String modeLabel() {
        return attempt && mode.alerts() ? ATTEMPTED : mode.label();
    }
}
