package io.trailguard.policy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithParentName;

/** Every {@code trailguard.*} property of the registry; the README's configuration reference lists them. */
@ConfigMapping(prefix = "trailguard")
public interface TrailguardConfig {

    /**
     * The function this binary was built for ({@code -Dtrailguard.function=<handler>}, written into the build by
     * Maven): only that handler's policies are in it. {@code all} holds every policy.
     */
    @WithDefault(HandlerNames.ALL)
    String function();

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

    /** The function's brake on remediation ({@code trailguard.rate-limit.*}), besides each policy's own. */
    FunctionRateLimit rateLimit();

    /**
     * Every {@code trailguard.policies.<name>.<key>}, mapped here only so that Quarkus's unknown-property check
     * leaves them to {@link ConfigurationCheck}, which knows each policy's settings and reads them by full name
     * ({@link PolicySettings}): a map keyed by policy name cannot tell {@code TRAILGUARD_POLICIES_KMS_KEY_AT_RISK_MODE}
     * from a policy {@code kms} with a key {@code key-at-risk-mode}.
     */
    Map<String, PolicyProperties> policies();

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

    /**
     * Past {@code actions} remediations within {@code window} (from the first one counted), the function drops to
     * alert until reset ({@code reset-brakes}). 50 in 10 minutes is far above what a healthy account makes (a
     * handful of undone changes a day) and low enough that a rule gone wrong touches at most 50 resources.
     */
    interface FunctionRateLimit {
        @WithDefault("true")
        boolean enabled();

        @WithDefault("50")
        int actions();

        /** {@code 10m}, {@code 1h} or ISO-8601 ({@code PT10M}); the default in ISO form, which any converter reads. */
        @WithDefault("PT10M")
        Duration window();
    }

    interface PolicyProperties {
        @WithParentName
        Map<String, String> properties();
    }
}
