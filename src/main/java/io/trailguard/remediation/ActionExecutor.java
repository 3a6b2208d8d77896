package io.trailguard.remediation;

import java.util.List;

import io.trailguard.policy.ActionSpec;

/**
 * Carries out the action specs of one name ({@code s3.block-public-access}): the only place that holds AWS
 * clients to change resources. {@link #needed} re-reads the live state first, so running an action twice (a
 * redelivered event, a retry) changes nothing the second time.
 */
public interface ActionExecutor {

    /** Unique, {@code service.kebab-case}: what policies and rules name in their action specs. */
    String name();

    /** Every IAM permission {@link #needed} and {@link #apply} use: a policy's grants are derived from these. */
    List<Permission> permissions();

    /** Null when the spec can be carried out; else why not (a missing or invalid parameter), before any AWS call. */
    String refusal(ActionSpec spec);

    /** What it acts on, in words for the audit line and the alert; only for a spec it does not refuse. */
    String target(ActionSpec spec);

    /** Reads the live state: false when the resource is already compliant. */
    boolean needed(ActionSpec spec);

    void apply(ActionSpec spec);
}
