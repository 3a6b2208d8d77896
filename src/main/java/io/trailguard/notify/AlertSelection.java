package io.trailguard.notify;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.eclipse.microprofile.config.Config;

import io.trailguard.policy.Severity;

/**
 * Which alert targets one policy uses and from which severity. Read by full property names, like
 * {@code ConfiguredPolicy}, so that Lambda environment variables such as
 * {@code TRAILGUARD_POLICIES_S3_PUBLIC_BUCKET_ALERT_TARGETS} or
 * {@code TRAILGUARD_POLICIES_S3_PUBLIC_BUCKET_ALERTS_WEBHOOK_MIN_SEVERITY} are found for names with dashes.
 */
public final class AlertSelection {

    private final String policy;
    private final Optional<Set<String>> targets;
    private final Config config;

    private AlertSelection(String policy, Optional<Set<String>> targets, Config config) {
        this.policy = policy;
        this.targets = targets;
        this.config = config;
    }

    /** {@code trailguard.policies.<policy>.alert-targets}, when set, limits the policy to the targets it lists. */
    public static AlertSelection of(String policy, Config config) {
        Optional<Set<String>> targets = config.getOptionalValues(prefix(policy) + "alert-targets", String.class)
                .map(names -> {
                    Set<String> set = new LinkedHashSet<>();
                    names.stream().map(String::trim).filter(n -> !n.isEmpty()).forEach(set::add);
                    return set;
                });
        return new AlertSelection(policy, targets, config);
    }

    /** True when the policy lists its targets and this is one of them. */
    public boolean lists(String target) {
        return targets.map(t -> t.contains(target)).orElse(false);
    }

    /** Every target unless the policy lists its own. */
    public boolean selects(String target) {
        return targets.map(t -> t.contains(target)).orElse(true);
    }

    /** The listed names, for a warning about names no target has. */
    public List<String> listed() {
        return targets.map(List::copyOf).orElse(List.of());
    }

    /** The policy's own threshold for the target, else the target's, else INFO (everything). */
    public Severity minSeverity(String target) {
        return config.getOptionalValue(prefix(policy) + "alerts." + target + ".min-severity", Severity.class)
                .or(() -> config.getOptionalValue("trailguard.alerts." + target + ".min-severity", Severity.class))
                .orElse(Severity.INFO);
    }

    private static String prefix(String policy) {
        return "trailguard.policies." + policy + ".";
    }
}
