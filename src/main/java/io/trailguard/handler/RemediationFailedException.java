package io.trailguard.handler;

/**
 * A remediation failed after the decision was recorded. Thrown out of the handler so that the invocation
 * fails and Lambda's async retries (then the dead-letter queue) take over; the retry re-reads live state.
 */
public class RemediationFailedException extends RuntimeException {

    public RemediationFailedException(String message) {
        super(message, null, false, false);
    }
}
