package io.trailguard.policy;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What became of one action: applied, already compliant, would apply (dry-run), not applied (alert), failed;
 * in enforce mode, after how many attempts; or refused, when its spec was invalid (no AWS call was made).
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ActionResult(String action, String target, String outcome, String error, Integer attempts) {

    public ActionResult(String action, String target, String outcome, String error) {
        this(action, target, outcome, error, null);
    }

    public static final String APPLIED = "applied";
    public static final String ALREADY_COMPLIANT = "already-compliant";
    public static final String WOULD_APPLY = "would-apply";
    public static final String NOT_APPLIED = "not-applied";
    public static final String FAILED = "failed";
    /** Not a failure: a retry cannot fix a spec its executor refuses, so it must not fail the invocation. */
    public static final String REFUSED = "refused";

    public boolean failed() {
        return FAILED.equals(outcome);
    }

    public boolean refused() {
        return REFUSED.equals(outcome);
    }
}
