package io.trailguard.policy;

/**
 * A policy's verdict on one event before anything is done: its decision (null when a safety rule skipped
 * the event before deciding), the effective mode, and why it is skipped if it is.
 */
public record Verdict(ConfiguredPolicy policy, Decision decision, Mode mode, String skipped) {

    public static Verdict skip(ConfiguredPolicy policy, Mode mode, String why) {
        return new Verdict(policy, null, mode, why);
    }

    /** A finding that is not skipped: it will be recorded, and alerted on or remediated as its mode allows. */
    public boolean actionable() {
        return skipped == null && decision != null && decision.matched();
    }
}
