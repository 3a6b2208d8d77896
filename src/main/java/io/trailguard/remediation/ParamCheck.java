package io.trailguard.remediation;

import java.util.Map;
import java.util.function.Predicate;

import io.trailguard.policy.ActionSpec;
import io.trailguard.predicates.AwsIdentifiers;

/** The refusals executors give for a spec's parameters, worded like a policy's refused identifiers. */
final class ParamCheck {

    private ParamCheck() {
    }

    /** The first refusal of several checks, or null when all pass. */
    static String first(String... refusals) {
        for (String refusal : refusals) {
            if (refusal != null) {
                return refusal;
            }
        }
        return null;
    }

    static String string(ActionSpec spec, String param, Predicate<String> valid, String format) {
        String value = spec.string(param);
        if (value == null) {
            return "missing parameter " + param;
        }
        return valid.test(value) ? null : AwsIdentifiers.refused(param, value, format);
    }

    /** A non-empty list, every item valid. */
    static String strings(ActionSpec spec, String param, Predicate<String> valid, String format) {
        if (spec.strings(param).isEmpty()) {
            return "missing parameter " + param;
        }
        return spec.strings(param).stream().filter(valid.negate()).findFirst()
                .map(bad -> AwsIdentifiers.refused(param, bad, format)).orElse(null);
    }

    /** A list that may be empty, every item valid. */
    static String optionalStrings(ActionSpec spec, String param, Predicate<String> valid, String format) {
        return spec.strings(param).isEmpty() ? null : strings(spec, param, valid, format);
    }

    /** Tags as every tagging API takes them: 1-128 character keys, values up to 256, at least one. */
    static String tags(ActionSpec spec) {
        Map<String, String> tags = spec.map("tags");
        if (tags.isEmpty()) {
            return "missing parameter tags";
        }
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            if (tag.getKey().isEmpty() || tag.getKey().length() > 128 || tag.getValue().length() > 256) {
                return AwsIdentifiers.refused("tag", tag.getKey(), "a tag of a 1-128 character key and a value of up to 256");
            }
        }
        return null;
    }
}
