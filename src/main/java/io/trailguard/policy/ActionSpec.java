package io.trailguard.policy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One corrective action a decision asks for, as data: the name of an executor ({@code s3.block-public-access})
 * and its parameters. Values are only strings, lists of strings or string maps, so a spec reads and writes as
 * JSON or YAML like any declarative rule; the executor checks them before any AWS call.
 */
@RegisterForReflection
public record ActionSpec(String name, Map<String, Object> params) {

    public ActionSpec {
        Objects.requireNonNull(name, "name");
        Map<String, Object> copy = new LinkedHashMap<>();
        (params == null ? Map.<String, Object>of() : params).forEach((key, value) -> copy.put(key, immutable(key, value)));
        params = Collections.unmodifiableMap(copy);
    }

    /** {@code ActionSpec.of("s3.block-public-access", "bucket", bucket)}: parameters as name, value pairs. */
    public static ActionSpec of(String name, Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("parameters of " + name + " must come in name, value pairs");
        }
        Map<String, Object> params = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            params.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return new ActionSpec(name, params);
    }

    /** A string parameter; null when absent or not a string. */
    public String string(String param) {
        return params.get(param) instanceof String s ? s : null;
    }

    /** A list parameter; empty when absent or not a list. */
    @SuppressWarnings("unchecked")
    public List<String> strings(String param) {
        return params.get(param) instanceof List<?> list ? (List<String>) list : List.of();
    }

    /** A map parameter; empty when absent or not a map. */
    @SuppressWarnings("unchecked")
    public Map<String, String> map(String param) {
        return params.get(param) instanceof Map<?, ?> map ? (Map<String, String>) map : Map.of();
    }

    private static Object immutable(String key, Object value) {
        if (value instanceof String) {
            return value;
        }
        if (value instanceof List<?> list && list.stream().allMatch(String.class::isInstance)) {
            return List.copyOf(list);
        }
        if (value instanceof Map<?, ?> map && map.entrySet().stream()
                .allMatch(e -> e.getKey() instanceof String && e.getValue() instanceof String)) {
            // in the order given, so the audit line names tags as the policy listed them
            return Collections.unmodifiableMap(new LinkedHashMap<>(map));
        }
        throw new IllegalArgumentException("parameter " + key + " must be a string, a list of strings or a string map, not "
                + (value == null ? "null" : value.getClass().getSimpleName()));
    }
}
