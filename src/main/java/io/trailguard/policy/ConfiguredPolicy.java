package io.trailguard.policy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.eclipse.microprofile.config.Config;

import io.trailguard.event.UserIdentity;

/**
 * A policy with its properties resolved: its mode, what it does with failed calls, its exemptions (its own plus
 * the global ones), its topic.
 */
public record ConfiguredPolicy(
        Policy policy,
        Mode mode,
        FailedCalls failedCalls,
        Glob exemptPrincipals,
        Set<String> exemptAccounts,
        Glob exemptResources,
        Optional<String> snsTopicArn) {

    public static ConfiguredPolicy of(Policy policy, TrailguardConfig config, Config properties) {
        PolicySettings settings = PolicySettings.of(policy.name(), properties);
        Mode mode = settings.find(CommonSettings.MODE).orElse(policy.defaultMode());
        // the global switch off means no failed call is skipped by any policy
        FailedCalls failedCalls = config.skipFailedCalls() ? settings.find(CommonSettings.FAILED_CALLS).orElse(policy.failedCalls())
                : FailedCalls.ALERT;
        List<String> principals = new ArrayList<>(config.exemptions().principals().orElse(List.of()));
        Set<String> accounts = new HashSet<>(config.exemptions().accounts().orElse(List.of()));
        List<String> resources = new ArrayList<>(config.exemptions().resources().orElse(List.of()));
        principals.addAll(policy.exemptions().principals());
        accounts.addAll(policy.exemptions().accounts());
        resources.addAll(policy.exemptions().resources());
        principals.addAll(settings.get(CommonSettings.EXEMPT_PRINCIPALS));
        accounts.addAll(settings.get(CommonSettings.EXEMPT_ACCOUNTS));
        resources.addAll(settings.get(CommonSettings.EXEMPT_RESOURCES));
        Optional<String> topic = settings.find(CommonSettings.SNS_TOPIC_ARN).or(() -> config.alerts().snsTopicArn());
        return new ConfiguredPolicy(policy, mode.cappedBy(config.mode()), failedCalls, Glob.of(principals), Set.copyOf(accounts),
                Glob.of(resources), topic.filter(t -> !t.isBlank()));
    }

    public String name() {
        return policy.name();
    }

    public boolean exempts(UserIdentity caller) {
        return caller != null && (exemptPrincipals.matches(caller.arn()) || exemptPrincipals.matches(caller.issuerArn()));
    }
}
