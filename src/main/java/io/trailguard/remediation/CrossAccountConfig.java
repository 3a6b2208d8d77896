package io.trailguard.remediation;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Remediation in other accounts of an organization: the central functions assume this role in the account an
 * event comes from. Unset role name: every call uses the function's own credentials (one-account deployments).
 */
@ConfigMapping(prefix = "trailguard.cross-account")
public interface CrossAccountConfig {

    /** The role name in each member account (infra's member stack creates it), e.g. trailguard-remediation. */
    Optional<String> roleName();

    /** The external id the member role's trust policy requires, if any. */
    Optional<String> externalId();

    /** Must leave the assumed-role ARN matching trailguard.self-principals, so the loop guard skips our own calls. */
    @WithDefault("trailguard-remediation")
    String sessionName();

    /** The function's own account; learned once from STS GetCallerIdentity when unset. */
    Optional<String> ownAccount();

    @WithDefault("900")
    int sessionSeconds();
}
