package io.trailguard.policy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.eclipse.microprofile.config.Config;

import io.trailguard.event.UserIdentity;

/** A policy with its properties resolved: its mode, its exemptions (its own plus the global ones), its topic. */
public record ConfiguredPolicy(
        Policy policy,
        Mode mode,
        Glob exemptPrincipals,
        Set<String> exemptAccounts,
        Glob exemptResources,
        Optional<String> snsTopicArn) {

    /**
     * Reads the policy's own properties by their full names rather than through the {@code policies} map,
     * so that environment variables (TRAILGUARD_POLICIES_S3_PUBLIC_BUCKET_MODE), Lambda's usual way of
     * configuring a function, are found for policy names with dashes.
     */
    public static ConfiguredPolicy of(Policy policy, TrailguardConfig config, Config properties) {
        String prefix = "trailguard.policies." + policy.name() + ".";
        Mode mode = properties.getOptionalValue(prefix + "mode", Mode.class).orElse(policy.defaultMode());
        List<String> principals = new ArrayList<>(config.exemptions().principals().orElse(List.of()));
        Set<String> accounts = new HashSet<>(config.exemptions().accounts().orElse(List.of()));
        List<String> resources = new ArrayList<>(config.exemptions().resources().orElse(List.of()));
        principals.addAll(properties.getOptionalValues(prefix + "exemptions.principals", String.class).orElse(List.of()));
        accounts.addAll(properties.getOptionalValues(prefix + "exemptions.accounts", String.class).orElse(List.of()));
        resources.addAll(properties.getOptionalValues(prefix + "exemptions.resources", String.class).orElse(List.of()));
        Optional<String> topic = properties.getOptionalValue(prefix + "sns-topic-arn", String.class).or(() -> config.alerts().snsTopicArn());
        return new ConfiguredPolicy(policy, mode.cappedBy(config.mode()), Glob.of(principals), Set.copyOf(accounts),
                Glob.of(resources), topic.filter(t -> !t.isBlank()));
    }

    public String name() {
        return policy.name();
    }

    public boolean exempts(UserIdentity caller) {
        return caller != null && (exemptPrincipals.matches(caller.arn()) || exemptPrincipals.matches(caller.issuerArn()));
    }
}
