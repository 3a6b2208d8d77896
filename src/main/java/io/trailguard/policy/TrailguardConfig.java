package io.trailguard.policy;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithParentName;

/** Every {@code trailguard.*} property of the registry; the README's configuration reference lists them. */
@ConfigMapping(prefix = "trailguard")
public interface TrailguardConfig {

    /** Caps every policy's mode. */
    @WithDefault("enforce")
    Mode mode();

    /** Caps events replayed from an EventBridge archive (they carry {@code replay-name}). */
    @WithDefault("dry-run")
    Mode replayMode();

    /**
     * Skip events whose call failed ({@code errorCode} present) unless the policy alerts them as attempts
     * ({@code policies.<name>.failed-calls}); false: no failed call is skipped, every policy alerts them as attempts.
     */
    @WithDefault("true")
    boolean skipFailedCalls();

    /** ARN patterns of trailguard's own principals; their calls never trigger a policy (loop guard). */
    @WithDefault("arn:aws:iam::*:role/trailguard-*,arn:aws:sts::*:assumed-role/trailguard-*")
    List<String> selfPrincipals();

    /** Exemptions applying to every policy, on top of each policy's own. */
    Exemptions exemptions();

    /** The tag that exempts a resource, read from the live resource before acting or alerting. */
    ExemptionTag exemptionTag();

    Alerts alerts();

    /** Per-policy settings keyed by policy name. */
    Map<String, PolicySettings> policies();

    interface Exemptions {
        /** ARN patterns ({@code *} wildcard) of callers whose events are exempt. */
        Optional<List<String>> principals();

        /** Account ids whose events are exempt. */
        Optional<List<String>> accounts();

        /** Name patterns ({@code *} wildcard) of resources that are exempt. */
        Optional<List<String>> resources();
    }

    interface ExemptionTag {
        @WithDefault("trailguard:exempt")
        String key();

        @WithDefault("true")
        String value();

        /** Read the tag from the live resource; turn off where the functions may not read tags. */
        @WithDefault("true")
        boolean enabled();
    }

    interface Alerts {
        /** The SNS topic alerts go to unless a policy names its own; none means alerts are only logged. */
        Optional<String> snsTopicArn();
    }

    interface PolicySettings {
        /** Overrides the policy's default mode; still capped by {@code trailguard.mode}. */
        Optional<Mode> mode();

        /** Overrides the policy's default for failed calls: {@code skip} or {@code alert} (as attempts). */
        Optional<FailedCalls> failedCalls();

        Exemptions exemptions();

        Optional<String> snsTopicArn();

        /** Limits the policy's alerts to these targets ({@code sns, webhook, security-hub}; {@code none}: no target). */
        Optional<List<String>> alertTargets();

        /** The policy's own threshold per alert target: {@code alerts.<target>.min-severity}. */
        Map<String, AlertTargetSettings> alerts();

        /**
         * The policy's own settings ({@code trailguard.policies.sign-in-failures.threshold} …), which the policy
         * reads itself by full name; mapped here only so that setting them is not an unknown property.
         */
        @WithParentName
        Map<String, String> settings();

        /** Re-check a resource not found (yet) after this delay, within the invocation's time; unset or 0: no re-check. */
        Optional<Long> notFoundRetryMillis();
    }

    interface AlertTargetSettings {
        Optional<Severity> minSeverity();
    }
}
