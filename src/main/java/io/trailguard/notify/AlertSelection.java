package io.trailguard.notify;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.eclipse.microprofile.config.Config;

import io.trailguard.policy.CommonSettings;
import io.trailguard.policy.PolicySettings;
import io.trailguard.policy.Severity;

/**
 * Which alert targets one policy uses and from which severity: its {@link CommonSettings#ALERT_TARGETS} and
 * {@code alerts.<target>.min-severity}, read through {@link PolicySettings} like every policy setting.
 */
public final class AlertSelection {

    private final PolicySettings settings;
    private final Optional<Set<String>> targets;
    private final Config config;

    private AlertSelection(PolicySettings settings, Optional<Set<String>> targets, Config config) {
        this.settings = settings;
        this.targets = targets;
        this.config = config;
    }

    /** {@code trailguard.policies.<policy>.alert-targets}, when set, limits the policy to the targets it lists. */
    public static AlertSelection of(String policy, Config config) {
        return of(policy, List.of(), config);
    }

    /** As {@link #of(String, Config)}, the property winning over the targets the policy itself lists ({@code declared}, empty: none). */
    public static AlertSelection of(String policy, List<String> declared, Config config) {
        PolicySettings settings = PolicySettings.of(policy, config);
        Optional<Set<String>> targets = settings.find(CommonSettings.ALERT_TARGETS)
                .or(() -> declared.isEmpty() ? Optional.empty() : Optional.of(declared)).map(LinkedHashSet::new);
        return new AlertSelection(settings, targets, config);
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
        return settings.find(CommonSettings.minSeverity(target))
                .or(() -> config.getOptionalValue("trailguard.alerts." + target + ".min-severity", Severity.class))
                .orElse(Severity.INFO);
    }
}
