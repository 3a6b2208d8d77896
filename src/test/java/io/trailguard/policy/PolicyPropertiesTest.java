package io.trailguard.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;

import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.trailguard.event.TrailEvent;
import io.trailguard.event.UserIdentity;

/** A policy's properties resolve from properties and from Lambda environment variables alike, capped by the global mode. */
class PolicyPropertiesTest {

    static final Policy POLICY = new Policy() {
        public String name() { return "s3-public-bucket"; }
        public String handler() { return "s3"; }
        public String description() { return "test"; }
        public String pattern() { return "{}"; }
        public List<String> actions() { return List.of(); }
        public List<String> resourceTypes() { return List.of(); }
        public Mode defaultMode() { return Mode.ENFORCE; }
        public Decision decide(TrailEvent event) { return Decision.noMatch("test"); }
    };

    @Test
    void environmentVariablesSetAPolicysModeExemptionsAndTopic() {
        ConfiguredPolicy policy = configured(Map.of(), Map.of(
                "TRAILGUARD_POLICIES_S3_PUBLIC_BUCKET_MODE", "alert",
                "TRAILGUARD_POLICIES_S3_PUBLIC_BUCKET_EXEMPTIONS_PRINCIPALS", "arn:aws:iam::*:role/ops-*",
                "TRAILGUARD_POLICIES_S3_PUBLIC_BUCKET_SNS_TOPIC_ARN", "arn:aws:sns:us-east-1:123456789012:s3-alerts"));
        assertEquals(Mode.ALERT, policy.mode());
        assertTrue(policy.exempts(caller("arn:aws:iam::123456789012:role/ops-admin")));
        assertFalse(policy.exempts(caller("arn:aws:iam::123456789012:role/app")));
        assertEquals("arn:aws:sns:us-east-1:123456789012:s3-alerts", policy.snsTopicArn().orElseThrow());
    }

    @Test
    void globalModeCapsAndGlobalExemptionsAdd() {
        ConfiguredPolicy policy = configured(Map.of(
                "trailguard.mode", "dry-run",
                "trailguard.exemptions.principals", "arn:aws:iam::123456789012:role/break-glass",
                "trailguard.policies.s3-public-bucket.mode", "enforce",
                "trailguard.policies.s3-public-bucket.exemptions.principals", "arn:aws:iam::123456789012:user/alice"), Map.of());
        assertEquals(Mode.DRY_RUN, policy.mode());
        assertTrue(policy.exempts(caller("arn:aws:iam::123456789012:role/break-glass")));
        assertTrue(policy.exempts(caller("arn:aws:iam::123456789012:user/alice")));
        assertTrue(policy.snsTopicArn().isEmpty());
    }

    @Test
    void aPolicysOwnSettingsAreNotUnknownProperties() {
        // before TrailguardConfig mapped every key under a policy, a policy-specific key in application.properties failed start-up (SRCFG00050)
        SmallRyeConfig config = new SmallRyeConfigBuilder().addDefaultInterceptors().withMapping(TrailguardConfig.class)
                .withSources(new PropertiesConfigSource(Map.of(
                        "trailguard.policies.sign-in-failures.threshold", "3",
                        "trailguard.policies.sign-in-failures.mode", "enforce"), "test", 250)).build();
        assertEquals(3, config.getValue("trailguard.policies.sign-in-failures.threshold", Integer.class));
        assertEquals(Mode.ENFORCE, PolicySettings.of("sign-in-failures", config).find(CommonSettings.MODE).orElseThrow());
    }

    @Test
    void withoutPropertiesThePolicyKeepsItsDefaultMode() {
        assertEquals(Mode.ENFORCE, configured(Map.of(), Map.of()).mode());
    }

    @Test
    void aPolicysOwnSettingsPassValidationAndResolveFromEnvironmentVariables() {
        SmallRyeConfig config = config(Map.of("trailguard.policies.naming-standard.bucket-name-regex", "^[a-z0-9-]+$"),
                Map.of("TRAILGUARD_POLICIES_NETWORK_EXPOSED_ALLOWED_PORTS", "443,8443"));
        assertEquals(List.of(443, 8443), config.getValues("trailguard.policies.network-exposed.allowed-ports", Integer.class));
        assertEquals("^[a-z0-9-]+$", config.getValue("trailguard.policies.naming-standard.bucket-name-regex", String.class));
    }

    @Test
    void aProfilesSettingIsFoundAndAnotherPolicysIsNot() {
        // PolicySettings skips the key-by-key lookups of a policy no property names: names of profiles must still count
        SmallRyeConfig config = new SmallRyeConfigBuilder().addDefaultInterceptors().withMapping(TrailguardConfig.class)
                .withProfile("dev").withSources(new PropertiesConfigSource(Map.of(
                        "%dev.trailguard.policies.s3-public-bucket.mode", "alert",
                        "trailguard.policies.s3-public-bucket-copy.mode", "off"), "test", 250),
                        new EnvConfigSource(Map.of("TRAILGUARD_POLICIES_KMS_KEY_AT_RISK_MODE", "dry-run"), 300)).build();
        assertEquals(Mode.ALERT, PolicySettings.of("s3-public-bucket", config).find(CommonSettings.MODE).orElseThrow());
        assertEquals(Mode.DRY_RUN, PolicySettings.of("kms-key-at-risk", config).find(CommonSettings.MODE).orElseThrow());
        assertTrue(PolicySettings.of("kms", config).find(CommonSettings.MODE).isEmpty(), "a policy whose name starts another's");
        assertTrue(PolicySettings.of("s3-public", config).find(CommonSettings.MODE).isEmpty());
        assertEquals(Mode.ALERT, ConfiguredPolicy.of(POLICY, config.getConfigMapping(TrailguardConfig.class), config).mode(),
                "the profile's mode reaches the configured policy");
    }

    @Test
    void anotherProfilesSettingsCostNoLookupOfThePolicysKeys() {
        // in production the binary's application.properties still lists %test.trailguard.policies.… names: they cannot
        // apply, so the policy's settings are not looked up one by one (about 10 µs each natively, BENCHMARKS.md)
        Map<String, String> properties = Map.of(
                "%test.trailguard.policies.s3-public-bucket.mode", "alert",
                "%dev,test.trailguard.policies.kms-key-at-risk.mode", "alert",
                "%test,prod.trailguard.policies.network-exposed.mode", "dry-run");
        List<String> asked = new ArrayList<>();
        ConfigSource counting = new ConfigSource() {
            public Set<String> getPropertyNames() { return properties.keySet(); }
            public String getValue(String name) {
                if (name.contains("trailguard.policies.")) {
                    asked.add(name);
                }
                return properties.get(name);
            }
            public String getName() { return "counting"; }
            public int getOrdinal() { return 250; }
        };
        SmallRyeConfig config = new SmallRyeConfigBuilder().addDefaultInterceptors().withProfile("prod").withSources(counting).build();
        assertTrue(PolicySettings.of("s3-public-bucket", config).find(CommonSettings.MODE).isEmpty());
        assertTrue(PolicySettings.of("kms-key-at-risk", config).find(CommonSettings.MODE).isEmpty());
        assertEquals(List.of(), asked, "no key of a policy only other profiles set is looked up");
        assertEquals(Mode.DRY_RUN, PolicySettings.of("network-exposed", config).find(CommonSettings.MODE).orElseThrow(),
                "a name of the active profile among others counts");
    }

    @Test
    void anActiveProfilesEnvironmentVariableCountsAndAnotherProfilesDoesNot() {
        // _PROD_TRAILGUARD_…: SmallRye lists it as trailguard.… when prod is active, and keeps _TEST_… as another profile's
        SmallRyeConfig config = new SmallRyeConfigBuilder().addDefaultInterceptors().withProfile("prod")
                .withSources(new EnvConfigSource(Map.of("_PROD_TRAILGUARD_POLICIES_S3_PUBLIC_BUCKET_MODE", "alert",
                        "_TEST_TRAILGUARD_POLICIES_KMS_KEY_AT_RISK_MODE", "alert"), 300)).build();
        assertEquals(Mode.ALERT, PolicySettings.of("s3-public-bucket", config).find(CommonSettings.MODE).orElseThrow());
        assertTrue(PolicySettings.of("kms-key-at-risk", config).find(CommonSettings.MODE).isEmpty());
    }

    private static ConfiguredPolicy configured(Map<String, String> properties, Map<String, String> env) {
        SmallRyeConfig config = config(properties, env);
        return ConfiguredPolicy.of(POLICY, config.getConfigMapping(TrailguardConfig.class), config);
    }

    private static SmallRyeConfig config(Map<String, String> properties, Map<String, String> env) {
        return new SmallRyeConfigBuilder().addDefaultInterceptors().withMapping(TrailguardConfig.class)
                .withSources(new PropertiesConfigSource(properties, "test", 250), new EnvConfigSource(env, 300)).build();
    }

    private static UserIdentity caller(String arn) {
        return new UserIdentity("IAMUser", "AIDA", arn, "123456789012", null, null, null, null);
    }
}
