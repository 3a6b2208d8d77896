package io.trailguard.policy;

/**
 * One corrective AWS call a policy wants. The registry asks {@link #needed()} first, which re-reads the
 * live state, so running a remediation twice (a redelivered event, a retry) changes nothing the second time.
 */
public interface Remediation {

    /** The IAM action performed, e.g. {@code s3:PutPublicAccessBlock}: the audit line and least privilege use it. */
    String action();

    /** What it acts on, in words for the audit line and the alert. */
    String target();

    /** Reads the live state: false when the resource is already compliant. */
    boolean needed();

    void apply();
}
