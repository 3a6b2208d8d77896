package io.trailguard.notify;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.trailguard.policy.Severity;

/**
 * The alert targets ({@code trailguard.alerts.sns-topic-arn} is in {@code TrailguardConfig}). Each target's
 * {@code min-severity} (default: every severity) is read, with the per-policy overrides, by {@link AlertSelection}.
 */
@ConfigMapping(prefix = "trailguard.alerts")
public interface AlertsConfig {

    Sns sns();

    Webhook webhook();

    SecurityHub securityHub();

    interface Sns {
        Optional<Severity> minSeverity();
    }

    interface Webhook {
        Optional<Severity> minSeverity();

        /** Where alerts are POSTed (a Slack incoming webhook, a chat or ticketing endpoint). Never logged. */
        Optional<String> url();

        /** An SSM parameter (SecureString) holding the URL, read once with decryption; used when {@code url} is unset. */
        Optional<String> urlSsmParameter();

        /** Plain http:// URLs are refused unless this is true (local tests only). */
        @WithDefault("false")
        boolean allowHttp();

        @WithDefault("2000")
        long connectTimeoutMillis();

        /** How long to wait for the answer (the read timeout); a failed or timed-out request is tried once more. */
        @WithDefault("5000")
        long timeoutMillis();
    }

    interface SecurityHub {
        Optional<Severity> minSeverity();

        /** Imports an ASFF finding per alerted decision into Security Hub (BatchImportFindings). */
        @WithDefault("false")
        boolean enabled();

        /**
         * The account whose default custom-integration product the findings are imported as (the function's
         * account); defaults to the event's account, right when the function runs in the account it guards.
         */
        Optional<String> accountId();
    }
}
