package io.trailguard.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.trailguard.event.TrailEvent;
import io.trailguard.policy.ConfigurationCheck;
import io.trailguard.policy.ConfiguredPolicy;
import io.trailguard.policy.Decision;
import io.trailguard.policy.InvalidSettingException;
import io.trailguard.policy.Mode;
import io.trailguard.policy.Policy;
import io.trailguard.policy.RateLimit;
import io.trailguard.policy.TrailguardConfig;

/** Which brake holds a remediation: the policy's own (declared or by property), then the function's; and release. */
class BrakesTest {

    @Test
    void pastTheFunctionLimitEveryPolicyOfTheFunctionIsHeldUntilReleased() {
        SmallRyeConfig config = config(Map.of("trailguard.rate-limit.actions", "3"), Map.of());
        Brakes brakes = new Brakes(config.getConfigMapping(TrailguardConfig.class), config, new InMemoryCounterStore());
        ConfiguredPolicy a = configured(policy("policy-a", Optional.empty()), config);
        ConfiguredPolicy b = configured(policy("policy-b", Optional.empty()), config);

        assertFalse(brakes.admit(a, "s3", 1).on());
        assertFalse(brakes.admit(b, "s3", 2).on());
        Brakes.Hold tripped = brakes.admit(a, "s3", 1);
        assertTrue(tripped.trippedNow());
        assertEquals("tripped: function s3 passed 3 remediations within 10 min; alert only until reset-brakes s3", tripped.reason());
        Brakes.Hold held = brakes.admit(b, "s3", 1);
        assertTrue(held.on());
        assertFalse(held.trippedNow());
        assertTrue(held.reason().startsWith("function s3 braked since "), held.reason());
        assertFalse(brakes.admit(b, "iam", 1).on(), "another function counts apart");

        assertTrue(brakes.release("s3", true));
        assertFalse(brakes.admit(b, "s3", 1).on());
    }

    @Test
    void aPolicyLimitBySettingOrDeclarationBrakesThatPolicyAlone() {
        SmallRyeConfig config = config(Map.of("trailguard.policies.policy-a.rate-limit.actions", "1"),
                Map.of("TRAILGUARD_POLICIES_POLICY_B_RATE_LIMIT_WINDOW", "1h"));
        Policy declared = policy("policy-b", Optional.of(new RateLimit(2, Duration.ofMinutes(5))));
        assertEquals(List.of(), ConfigurationCheck.problems(List.of(policy("policy-a", Optional.empty()), declared), config));
        Brakes brakes = new Brakes(config.getConfigMapping(TrailguardConfig.class), config, new InMemoryCounterStore());
        ConfiguredPolicy a = configured(policy("policy-a", Optional.empty()), config);
        ConfiguredPolicy b = configured(declared, config);
        assertEquals(Optional.of(new RateLimit(1, Duration.ofMinutes(10))), brakes.limit(a), "the count set, the function's window");
        assertEquals(Optional.of(new RateLimit(2, Duration.ofHours(1))), brakes.limit(b), "the declared count, the window set");

        assertFalse(brakes.admit(a, "s3", 1).on());
        Brakes.Hold tripped = brakes.admit(a, "s3", 1);
        assertEquals("tripped: policy policy-a passed 1 remediations within 10 min; alert only until reset-brakes policy-a", tripped.reason());
        assertFalse(brakes.admit(b, "s3", 2).on(), "policy-b has its own count");
        assertTrue(brakes.admit(b, "s3", 1).trippedNow());

        assertTrue(brakes.release("policy-a", false));
        assertFalse(brakes.admit(a, "s3", 1).on());
        assertTrue(brakes.admit(b, "s3", 1).on(), "releasing one policy leaves the other's brake on");
    }

    @Test
    void aLimitBelowOneOrABadWindowFailsStartUpNamingTheKey() {
        SmallRyeConfig config = config(Map.of("trailguard.policies.policy-a.rate-limit.actions", "0",
                "trailguard.policies.policy-a.rate-limit.window", "-5m"), Map.of());
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> ConfigurationCheck.verify(List.of(policy("policy-a", Optional.empty())), config));
        assertTrue(e.getMessage().contains("trailguard.policies.policy-a.rate-limit.actions=0 is not an integer of at least 1"), e.getMessage());
        assertTrue(e.getMessage().contains("trailguard.policies.policy-a.rate-limit.window=-5m is not a positive duration"), e.getMessage());
    }

    @Test
    void theFunctionBrakeOffHoldsNothingButAPolicyLimitStillDoes() {
        SmallRyeConfig config = config(Map.of("trailguard.rate-limit.enabled", "false", "trailguard.rate-limit.actions", "1",
                "trailguard.policies.policy-a.rate-limit.actions", "2"), Map.of());
        Brakes brakes = new Brakes(config.getConfigMapping(TrailguardConfig.class), config, new InMemoryCounterStore());
        ConfiguredPolicy a = configured(policy("policy-a", Optional.empty()), config);
        ConfiguredPolicy b = configured(policy("policy-b", Optional.empty()), config);
        for (int i = 0; i < 5; i++) {
            assertFalse(brakes.admit(b, "s3", 1).on());
        }
        assertFalse(brakes.admit(a, "s3", 2).on());
        assertTrue(brakes.admit(a, "s3", 1).trippedNow());
    }

    static ConfiguredPolicy configured(Policy policy, SmallRyeConfig config) {
        return ConfiguredPolicy.of(policy, config.getConfigMapping(TrailguardConfig.class), config);
    }

    static SmallRyeConfig config(Map<String, String> properties, Map<String, String> env) {
        return new SmallRyeConfigBuilder().addDefaultInterceptors().withMapping(TrailguardConfig.class)
                .withSources(new PropertiesConfigSource(properties, "test", 250), new EnvConfigSource(env, 300)).build();
    }

    static Policy policy(String name, Optional<RateLimit> rateLimit) {
        return new Policy() {
            public String name() { return name; }
            public String handler() { return "s3"; }
            public String description() { return "test"; }
            public String pattern() { return "{}"; }
            public List<String> actions() { return List.of(); }
            public List<String> resourceTypes() { return List.of(); }
            public Mode defaultMode() { return Mode.ENFORCE; }
            public Optional<RateLimit> rateLimit() { return rateLimit; }
            public Decision decide(TrailEvent event) { return Decision.noMatch("test"); }
        };
    }
}
