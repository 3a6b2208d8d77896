package io.trailguard.policy;

import java.time.Duration;
import java.util.Objects;

/**
 * A brake on remediation: past {@code actions} actions within {@code window}, the policy (or the whole function)
 * drops to alert until it is reset, so a rule gone wrong cannot undo changes across an organization.
 */
public record RateLimit(int actions, Duration window) {

    public RateLimit {
        Objects.requireNonNull(window, "window");
        if (actions < 1) {
            throw new IllegalArgumentException("a rate limit allows at least 1 action, not " + actions);
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("a rate-limit window must be positive, not " + window);
        }
    }
}
