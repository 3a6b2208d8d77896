package io.trailguard.policy;

/**
 * What a policy does with a failed call ({@code errorCode} present) its pattern matches:
 * {@code trailguard.policies.<name>.failed-calls=skip|alert}. {@code alert} decides it as usual and reports a
 * finding as an attempt: mode label {@code attempted}, severity one lower, its actions never applied, so that
 * probing (a denied StopLogging, a refused GPU launch) is seen. Nothing changed, so nothing is remediated.
 * <p>
 * Not {@link Policy#decidesFailedCalls()}: a policy about who calls (the root user) rather than what changed
 * finds a failed call as it finds a successful one, at full severity; an attempt is a change that did not happen.
 */
public enum FailedCalls {
    SKIP,
    ALERT
}
