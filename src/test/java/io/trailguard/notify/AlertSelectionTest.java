package io.trailguard.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.trailguard.policy.Severity;
import io.trailguard.policy.TrailguardConfig;

/** A policy's alert targets and thresholds resolve from properties and from Lambda environment variables alike. */
class AlertSelectionTest {

    static final String POLICY = "s3-public-bucket";

    @Test
    void environmentVariablesListAPolicysTargetsAndSetItsThreshold() {
        AlertSelection selection = selection(Map.of(), Map.of(
                "TRAILGUARD_POLICIES_S3_PUBLIC_BUCKET_ALERT_TARGETS", "sns, webhook",
                "TRAILGUARD_POLICIES_S3_PUBLIC_BUCKET_ALERTS_WEBHOOK_MIN_SEVERITY", "critical",
                "TRAILGUARD_ALERTS_SNS_MIN_SEVERITY", "MEDIUM"));
        assertTrue(selection.selects("sns"));
        assertTrue(selection.selects("webhook"));
        assertFalse(selection.selects("security-hub"));
        assertTrue(selection.lists("webhook"));
        assertEquals(Severity.CRITICAL, selection.minSeverity("webhook"));
        assertEquals(Severity.MEDIUM, selection.minSeverity("sns"));
    }

    @Test
    void aPolicysThresholdOverridesTheTargetsAndTheDefaultIsEverything() {
        AlertSelection selection = selection(Map.of(
                "trailguard.alerts.webhook.min-severity", "HIGH",
                "trailguard.policies.s3-public-bucket.alerts.webhook.min-severity", "LOW",
                "trailguard.policies.iam-admin-granted.alerts.sns.min-severity", "CRITICAL"), Map.of());
        assertEquals(Severity.LOW, selection.minSeverity("webhook"));
        assertEquals(Severity.INFO, selection.minSeverity("sns"), "another policy's threshold does not apply");
        assertEquals(Severity.INFO, selection.minSeverity("security-hub"));
    }

    @Test
    void withoutAListEveryTargetIsSelectedButNoneIsListed() {
        AlertSelection selection = selection(Map.of("trailguard.policies.iam-admin-granted.alert-targets", "webhook"), Map.of());
        assertTrue(selection.selects("sns"));
        assertTrue(selection.selects("security-hub"));
        assertFalse(selection.lists("webhook"));
    }

    @Test
    void everyAlertPropertyIsDeclared() {
        AlertSelection selection = selection(Map.of(
                "trailguard.alerts.sns.min-severity", "LOW",
                "trailguard.alerts.security-hub.min-severity", "MEDIUM",
                "trailguard.alerts.security-hub.enabled", "true",
                "trailguard.alerts.webhook.url", "https://hooks.example.com/services/x",
                "trailguard.alerts.webhook.allow-http", "false",
                "trailguard.audit.s3-bucket", "audit",
                "trailguard.audit.firehose-stream", "siem",
                "trailguard.policies.s3-public-bucket.alert-targets", "security-hub",
                "trailguard.policies.s3-public-bucket.alerts.security-hub.min-severity", "HIGH"), Map.of());
        assertEquals(Severity.HIGH, selection.minSeverity("security-hub"));
        assertEquals(Severity.LOW, selection.minSeverity("sns"));
    }

    @Test
    void noneSelectsNoTarget() {
        AlertSelection selection = selection(Map.of("trailguard.policies.s3-public-bucket.alert-targets", "none"), Map.of());
        assertFalse(selection.selects("sns"));
        assertFalse(selection.selects("webhook"));
    }

    @Test
    void theTargetsARuleListsApplyUnlessItsPropertySetsOthers() {
        SmallRyeConfig none = new SmallRyeConfigBuilder().addDefaultInterceptors().build();
        AlertSelection declared = AlertSelection.of(POLICY, List.of("webhook"), none);
        assertTrue(declared.selects("webhook"));
        assertFalse(declared.selects("sns"));
        SmallRyeConfig property = new SmallRyeConfigBuilder().addDefaultInterceptors()
                .withSources(new PropertiesConfigSource(Map.of("trailguard.policies.s3-public-bucket.alert-targets", "sns"), "test", 250)).build();
        AlertSelection overridden = AlertSelection.of(POLICY, List.of("webhook"), property);
        assertTrue(overridden.selects("sns"));
        assertFalse(overridden.selects("webhook"), "the property wins over the rule's list");
    }

    private static AlertSelection selection(Map<String, String> properties, Map<String, String> env) {
        // with the mappings, so a property they do not declare fails here as it fails the function at start
        SmallRyeConfig config = new SmallRyeConfigBuilder().addDefaultInterceptors()
                .withMapping(TrailguardConfig.class).withMapping(AlertsConfig.class).withMapping(AuditConfig.class)
                .withSources(new PropertiesConfigSource(properties, "test", 250), new EnvConfigSource(env, 300)).build();
        return AlertSelection.of(POLICY, config);
    }
}
