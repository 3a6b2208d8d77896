package io.trailguard.policy;

import java.util.Optional;

import org.eclipse.microprofile.config.Config;

/**
 * The settings of one policy, read by full name ({@code trailguard.policies.<name>.<key>}) so that the
 * environment-variable form Lambda uses ({@code TRAILGUARD_POLICIES_<NAME>_<KEY>}) is found for names with
 * dashes, which a {@code @ConfigMapping} map keyed by policy name cannot tell apart from nested keys.
 */
public final class PolicySettings {

    private final String policy;
    private final Config config;

    private PolicySettings(String policy, Config config) {
        this.policy = policy;
        this.config = config;
    }

    public static PolicySettings of(String policy, Config config) {
        return new PolicySettings(policy, config);
    }

    /** The full property name of one of the policy's settings. */
    public String fullKey(Setting<?> setting) {
        return CommonSettings.PREFIX + policy + "." + setting.key();
    }

    /** The value set, else the setting's default; an {@link InvalidSettingException} when it does not fit its type. */
    public <T> T get(Setting<T> setting) {
        return find(setting).or(setting::fallback)
                .orElseThrow(() -> new IllegalArgumentException(fullKey(setting) + " has no default: read it with find"));
    }

    /** The value set, if any (not the default); an {@link InvalidSettingException} when it does not fit its type. */
    public <T> Optional<T> find(Setting<T> setting) {
        String key = fullKey(setting);
        // as text, so that the setting parses it and says what it expects (and a regex keeps its commas)
        return config.getOptionalValue(key, String.class).filter(raw -> !raw.isBlank()).map(raw -> setting.parse(key, raw));
    }
}
