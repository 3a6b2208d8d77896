package io.trailguard.policy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.eclipse.microprofile.config.Config;

/**
 * Checks every {@code trailguard.policies.*} property at start-up, in property and environment-variable form
 * alike: its policy exists, its key is a common setting or one the policy declares, and its value fits the
 * key's type. A setting a user believes applied but that no one reads is worse than a function that does not
 * start. (Other {@code trailguard.*} properties are checked by the {@code @ConfigMapping} roots.)
 */
public final class ConfigurationCheck {

    private static final String ENV_PREFIX = "TRAILGUARD_POLICIES_";

    private final Map<String, Map<String, Setting<?>>> settingsByPolicy = new LinkedHashMap<>();
    private final Config config;

    private ConfigurationCheck(Collection<Policy> policies, Config config) {
        this.config = config;
        Map<String, Setting<?>> common = new LinkedHashMap<>();
        CommonSettings.all().forEach(s -> common.put(s.key(), s));
        Map<String, Setting<?>> commonOnly = Collections.unmodifiableMap(common);
        for (Policy policy : policies) {
            if (policy.settings().isEmpty()) {
                settingsByPolicy.put(policy.name(), commonOnly); // most policies and every rule: one map, not one each
                continue;
            }
            Map<String, Setting<?>> settings = new LinkedHashMap<>(common);
            for (Setting<?> own : policy.settings()) {
                if (settings.put(own.key(), own) != null) {
                    throw new IllegalStateException("policy " + policy.name() + " declares " + own.key() + " twice or as a common setting");
                }
            }
            settingsByPolicy.put(policy.name(), settings);
        }
    }

    /** Fails, naming every offending key, when a property is unknown or does not fit its type. */
    public static void verify(Collection<Policy> policies, Config config) {
        List<String> problems = problems(policies, config);
        if (!problems.isEmpty()) {
            throw new InvalidSettingException("invalid trailguard configuration:\n  " + String.join("\n  ", problems));
        }
    }

    /** One line per unknown key or bad value; empty when the configuration is valid. */
    public static List<String> problems(Collection<Policy> policies, Config config) {
        return new ConfigurationCheck(policies, config).problems();
    }

    private List<String> problems() {
        Set<String> problems = new TreeSet<>();
        Set<String> names = new HashSet<>();
        config.getPropertyNames().forEach(names::add);
        for (String name : names) {
            // SmallRye also lists an environment variable under a guessed dotted name (every _ a dot): the variable is checked
            if (!(name.startsWith(CommonSettings.PREFIX) && names.contains(env(name)))) {
                unknown(name).ifPresent(problems::add);
            }
        }
        settingsByPolicy.forEach((policy, settings) -> {
            PolicySettings values = PolicySettings.of(policy, config);
            for (Setting<?> setting : settings.values()) {
                try {
                    values.find(setting);
                } catch (InvalidSettingException e) {
                    problems.add(e.getMessage());
                }
            }
        });
        return List.copyOf(problems);
    }

    private String function() {
        return config.getOptionalValue("trailguard.function", String.class).orElse(HandlerNames.ALL);
    }

    /** Why a property name is no known setting, if it is not; names of other profiles ({@code %dev.}) are not ours to judge. */
    private Optional<String> unknown(String name) {
        if (name.startsWith(CommonSettings.PREFIX)) {
            String rest = name.substring(CommonSettings.PREFIX.length());
            int dot = rest.indexOf('.');
            String policy = dot < 0 ? rest : rest.substring(0, dot);
            Map<String, Setting<?>> settings = settingsByPolicy.get(policy);
            if (settings == null && !HandlerNames.ALL.equals(function())) {
                // a single function's binary holds its own policies only: the others' settings are theirs to check
                return Optional.empty();
            }
            if (settings == null) {
                return Optional.of(name + ": no policy is named " + policy + nearest(policy, settingsByPolicy.keySet()));
            }
            String key = dot < 0 ? "" : rest.substring(dot + 1);
            return settings.containsKey(key) ? Optional.empty()
                    : Optional.of(name + ": " + policy + " has no setting " + key + nearest(key, settings.keySet()));
        }
        if (name.startsWith(ENV_PREFIX)) {
            return unknownEnv(name);
        }
        return Optional.empty();
    }

    private Optional<String> unknownEnv(String name) {
        String rest = name.substring(ENV_PREFIX.length());
        String closest = null;
        for (Map.Entry<String, Map<String, Setting<?>>> policy : settingsByPolicy.entrySet()) {
            String prefix = env(policy.getKey()) + "_";
            if (!rest.startsWith(prefix)) {
                continue;
            }
            String key = rest.substring(prefix.length());
            if (policy.getValue().keySet().stream().anyMatch(k -> env(k).equals(key))) {
                return Optional.empty();
            }
            closest = policy.getKey();
        }
        if (closest != null) {
            String key = rest.substring(env(closest).length() + 1);
            Set<String> keys = new HashSet<>();
            settingsByPolicy.get(closest).keySet().forEach(k -> keys.add(env(k)));
            return Optional.of(name + ": " + closest + " has no setting " + key + nearest(key, keys));
        }
        if (!HandlerNames.ALL.equals(function())) {
            return Optional.empty();
        }
        List<String> envNames = settingsByPolicy.keySet().stream().map(ConfigurationCheck::env).toList();
        String guess = envNames.stream().min(Comparator.comparingInt(p -> distance(p, rest.substring(0, Math.min(p.length(), rest.length())))))
                .orElse("");
        return Optional.of(name + ": names no policy" + (guess.isEmpty() ? "" : " (did you mean " + ENV_PREFIX + guess + "_…?)"));
    }

    /** How SmallRye spells a property as an environment variable: non-alphanumerics become {@code _}, upper case. */
    static String env(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase();
    }

    private static String nearest(String wrong, Collection<String> known) {
        Optional<String> best = known.stream().min(Comparator.comparingInt(k -> distance(k, wrong)));
        return best.filter(b -> distance(b, wrong) <= Math.max(2, wrong.length() / 3)).map(b -> " (did you mean " + b + "?)")
                .orElse(" (known: " + String.join(", ", new ArrayList<>(known)) + ")");
    }

    /** Levenshtein distance, for the suggestion. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
