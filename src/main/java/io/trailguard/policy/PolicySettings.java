package io.trailguard.policy;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import org.eclipse.microprofile.config.Config;

/**
 * The settings of one policy, read by full name ({@code trailguard.policies.<name>.<key>}) so that the
 * environment-variable form Lambda uses ({@code TRAILGUARD_POLICIES_<NAME>_<KEY>}) is found for names with
 * dashes, which a {@code @ConfigMapping} map keyed by policy name cannot tell apart from nested keys.
 */
public final class PolicySettings {

    private static final String ENV_PREFIX = "TRAILGUARD_POLICIES_";

    /**
     * The property names under {@code trailguard.policies.} of the last configuration read, in environment-variable
     * form. Looking a key up costs SmallRye Config a walk of every source (about 10 µs natively); a function starts
     * with tens to hundreds of policies of about ten settings each, nearly all unset, so a policy none of these names
     * starts with is known to have no setting without asking for each key (BENCHMARKS.md, start-up).
     */
    private static volatile PolicyNames names;

    private record PolicyNames(Config config, Set<String> envForms) {
    }

    private final String policy;
    private final Config config;
    /** {@link #anySet()}'s answer, once asked: a policy's settings are looked up one after another at start. */
    private Boolean anySet;

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
        if (!anySet()) {
            return Optional.empty();
        }
        String key = fullKey(setting);
        // as text, so that the setting parses it and says what it expects (and a regex keeps its commas)
        return config.getOptionalValue(key, String.class).filter(raw -> !raw.isBlank()).map(raw -> setting.parse(key, raw));
    }

    /**
     * Whether some property may set one of this policy's settings: a name of an active profile counts, so none is missed;
     * one of another profile cannot apply ({@code %test.} names in the binary's application.properties, in production).
     */
    private boolean anySet() {
        if (anySet == null) {
            anySet = anyNameStartsWithPolicy();
        }
        return anySet;
    }

    private boolean anyNameStartsWithPolicy() {
        PolicyNames known = names;
        if (known == null || known.config() != config) {
            known = new PolicyNames(config, envForms(config));
            names = known;
        }
        String prefix = ENV_PREFIX + envForm(policy) + "_";
        for (String name : known.envForms()) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static Set<String> envForms(Config config) {
        Set<String> forms = new HashSet<>();
        for (String name : config.getPropertyNames()) {
            // SmallRye lists a name of an active profile without its %profile. (%dev.trailguard.… as trailguard.…); one that
            // keeps it is another profile's (the binary's %test. lines, in production) and cannot apply. That one, and
            // most others (quarkus.*, the environment's PATH …), cannot have the form: no string is built for them
            if (!name.regionMatches(true, 0, "trailguard", 0, 10)) {
                continue;
            }
            String form = envForm(name);
            if (form.startsWith(ENV_PREFIX)) {
                forms.add(form);
            }
        }
        return forms;
    }

    /** The environment-variable form of a property name: TRAILGUARD_POLICIES_KMS_KEY_AT_RISK_MODE. */
    private static String envForm(String name) {
        StringBuilder form = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            form.append(c >= 'a' && c <= 'z' ? (char) (c - 32) : (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ? c : '_');
        }
        return form.toString();
    }
}
