package io.trailguard.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.trailguard.event.TrailEvent;

/** Start-up validation of {@code trailguard.policies.*}: unknown names and keys, bad values, in both spellings. */
class ConfigurationCheckTest {

    static final Setting<Integer> THRESHOLD = Setting.integer("threshold", 5);
    static final Setting<Duration> WINDOW = Setting.duration("window", Duration.ofMinutes(15));

    static final List<Policy> POLICIES = List.of(policy("kms-key-at-risk", List.of()), policy("iam-new-credentials", List.of()),
            policy("network-exposed", List.of(Setting.integers("allowed-ports", List.of(80, 443)))),
            policy("sign-in-failures", List.of(THRESHOLD, WINDOW)));

    @Test
    void theEnvironmentVariableFormTheReadmeShowsIsAppliedAndNotReportedUnknown() {
        // issue 11: this applied, but the registry logged "trailguard.policies.kms is configured but no policy has that name"
        SmallRyeConfig config = config(Map.of(), Map.of("TRAILGUARD_POLICIES_KMS_KEY_AT_RISK_MODE", "enforce",
                "TRAILGUARD_POLICIES_IAM_NEW_CREDENTIALS_EXEMPTIONS_PRINCIPALS", "arn:aws:iam::*:role/ci",
                "TRAILGUARD_POLICIES_NETWORK_EXPOSED_ALLOWED_PORTS", "443,8443"));
        assertEquals(List.of(), ConfigurationCheck.problems(POLICIES, config));
        ConfiguredPolicy kms = ConfiguredPolicy.of(POLICIES.get(0), config.getConfigMapping(TrailguardConfig.class), config);
        assertEquals(Mode.ENFORCE, kms.mode());
        assertEquals(List.of(443, 8443), PolicySettings.of("network-exposed", config).get(Setting.integers("allowed-ports", List.of())));
    }

    @Test
    void propertyAndEnvironmentFormsOfEveryCommonSettingPass() {
        SmallRyeConfig config = config(Map.of(
                "trailguard.policies.kms-key-at-risk.mode", "dry-run",
                "trailguard.policies.kms-key-at-risk.exemptions.resources", "arn:aws:kms:*:*:key/0000aaaa-*",
                "trailguard.policies.kms-key-at-risk.alerts.security-hub.min-severity", "HIGH",
                "trailguard.policies.kms-key-at-risk.alert-targets", "sns,webhook",
                "trailguard.policies.sign-in-failures.window", "5m"),
                Map.of("TRAILGUARD_POLICIES_SIGN_IN_FAILURES_ALERTS_SECURITY_HUB_MIN_SEVERITY", "medium",
                        "TRAILGUARD_POLICIES_SIGN_IN_FAILURES_NOT_FOUND_RETRY_MILLIS", "1000",
                        "TRAILGUARD_POLICIES_SIGN_IN_FAILURES_THRESHOLD", "3"));
        assertEquals(List.of(), ConfigurationCheck.problems(POLICIES, config));
        PolicySettings signIn = PolicySettings.of("sign-in-failures", config);
        assertEquals(3, signIn.get(THRESHOLD));
        assertEquals(Duration.ofMinutes(5), signIn.get(WINDOW));
        assertEquals(Severity.MEDIUM, signIn.find(CommonSettings.minSeverity("security-hub")).orElseThrow());
        assertEquals(1000L, signIn.get(CommonSettings.NOT_FOUND_RETRY_MILLIS));
    }

    @Test
    void anUnknownPolicyNameFailsNamingTheKeyAndTheNearestPolicy() {
        List<String> problems = ConfigurationCheck.problems(POLICIES,
                config(Map.of("trailguard.policies.kms-key-at-rsik.mode", "enforce"), Map.of()));
        assertEquals(List.of("trailguard.policies.kms-key-at-rsik.mode: no policy is named kms-key-at-rsik (did you mean kms-key-at-risk?)"),
                problems);
    }

    @Test
    void aSingleFunctionsBinaryLeavesOtherPoliciesSettingsToTheirFunctionsAndStillChecksItsOwn() {
        // its binary holds its own policies only (-Dtrailguard.function), while every function shares the settings
        List<String> problems = ConfigurationCheck.problems(POLICIES, config(Map.of("trailguard.function", "kms",
                "trailguard.policies.s3-public-bucket.mode", "enforce", "trailguard.policies.sign-in-failures.treshold", "3"),
                Map.of("TRAILGUARD_POLICIES_S3_PUBLIC_BUCKET_MODE", "enforce")));
        assertEquals(List.of("trailguard.policies.sign-in-failures.treshold: sign-in-failures has no setting treshold (did you mean threshold?)"),
                problems);
    }

    @Test
    void anUnknownKeyOfAKnownPolicyFailsInBothForms() {
        List<String> problems = ConfigurationCheck.problems(POLICIES, config(Map.of("trailguard.policies.sign-in-failures.treshold", "3"),
                Map.of("TRAILGUARD_POLICIES_KMS_KEY_AT_RISK_MDOE", "enforce", "TRAILGUARD_POLICIES_KMS_MODE", "enforce")));
        assertTrue(problems.contains("trailguard.policies.sign-in-failures.treshold: sign-in-failures has no setting treshold (did you mean threshold?)"),
                problems.toString());
        assertTrue(problems.contains("TRAILGUARD_POLICIES_KMS_KEY_AT_RISK_MDOE: kms-key-at-risk has no setting MDOE (did you mean MODE?)"),
                problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("TRAILGUARD_POLICIES_KMS_MODE: names no policy")), problems.toString());
        assertEquals(3, problems.size(), problems.toString());
    }

    @Test
    void aBadValueFailsStartUpNamingTheKeyAndTheExpectedType() {
        SmallRyeConfig config = config(Map.of("trailguard.policies.sign-in-failures.threshold", "five",
                "trailguard.policies.kms-key-at-risk.alert-targets", "sns,slack"),
                Map.of("TRAILGUARD_POLICIES_KMS_KEY_AT_RISK_MODE", "enforcing"));
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> ConfigurationCheck.verify(POLICIES, config));
        assertTrue(e.getMessage().contains("trailguard.policies.sign-in-failures.threshold=five is not an integer"), e.getMessage());
        assertTrue(e.getMessage().contains("trailguard.policies.kms-key-at-risk.mode=enforcing is not one of off | dry-run | alert | enforce"),
                e.getMessage());
        assertTrue(e.getMessage().contains("trailguard.policies.kms-key-at-risk.alert-targets=sns,slack is not a comma-separated list of sns, webhook, security-hub, none"),
                e.getMessage());
    }

    @Test
    void failedCallsFollowThePolicyUnlessSetAndTheGlobalSwitchOffSkipsNone() {
        Policy kms = POLICIES.get(0);
        SmallRyeConfig unset = config(Map.of(), Map.of());
        assertEquals(FailedCalls.SKIP, ConfiguredPolicy.of(kms, unset.getConfigMapping(TrailguardConfig.class), unset).failedCalls(),
                "the policy's own default");
        SmallRyeConfig set = config(Map.of(), Map.of("TRAILGUARD_POLICIES_KMS_KEY_AT_RISK_FAILED_CALLS", "alert"));
        assertEquals(List.of(), ConfigurationCheck.problems(POLICIES, set));
        assertEquals(FailedCalls.ALERT, ConfiguredPolicy.of(kms, set.getConfigMapping(TrailguardConfig.class), set).failedCalls());
        SmallRyeConfig masterOff = config(Map.of("trailguard.skip-failed-calls", "false",
                "trailguard.policies.kms-key-at-risk.failed-calls", "skip"), Map.of());
        assertEquals(FailedCalls.ALERT, ConfiguredPolicy.of(kms, masterOff.getConfigMapping(TrailguardConfig.class), masterOff).failedCalls(),
                "skip-failed-calls=false: no failed call is skipped");
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> ConfigurationCheck.verify(POLICIES,
                config(Map.of("trailguard.policies.kms-key-at-risk.failed-calls", "sometimes"), Map.of())));
        assertTrue(e.getMessage().contains("trailguard.policies.kms-key-at-risk.failed-calls=sometimes is not one of skip | alert"),
                e.getMessage());
    }

    @Test
    void anUnknownGlobalKeyFailsInTheMapping() {
        // trailguard.* outside policies is the @ConfigMapping roots' to check: SmallRye rejects a key no root maps
        RuntimeException e = assertThrows(RuntimeException.class,
                () -> config(Map.of("trailguard.polices.kms-key-at-risk.mode", "enforce"), Map.of()));
        assertTrue(e.getMessage().contains("trailguard.polices.kms-key-at-risk.mode"), e.getMessage());
    }

    static SmallRyeConfig config(Map<String, String> properties, Map<String, String> env) {
        return new SmallRyeConfigBuilder().addDefaultInterceptors().withMapping(TrailguardConfig.class)
                .withSources(new PropertiesConfigSource(properties, "test", 250), new EnvConfigSource(env, 300)).build();
    }

    static Policy policy(String name, List<Setting<?>> settings) {
        return new Policy() {
            public String name() { return name; }
            public String handler() { return "kms"; }
            public String description() { return "test"; }
            public String pattern() { return "{}"; }
            public List<String> actions() { return List.of(); }
            public List<String> resourceTypes() { return List.of(); }
            public Mode defaultMode() { return Mode.ALERT; }
            public List<Setting<?>> settings() { return settings; }
            public Decision decide(TrailEvent event) { return Decision.noMatch("test"); }
        };
    }
}
