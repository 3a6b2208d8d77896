package io.trailguard.policies.compute;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.trailguard.policy.Glob;

/** Which EC2 instance types count as expensive: a glob deny list, and any size of N xlarge at or above a threshold. */
record InstanceTypes(Glob denied, int minXlarge) {

    private static final Pattern SIZE = Pattern.compile("\\.(\\d+)xlarge$");

    static InstanceTypes of(List<String> globs, int minXlarge) {
        return new InstanceTypes(Glob.of(globs), minXlarge);
    }

    /** Why the type is expensive, or null when it is not. */
    String why(String type) {
        if (type == null) {
            return null;
        }
        if (denied.matches(type)) {
            return "instance type " + type + " is in the deny list";
        }
        Matcher size = SIZE.matcher(type);
        if (minXlarge > 0 && size.find() && Integer.parseInt(size.group(1)) >= minXlarge) {
            return "instance type " + type + " is " + size.group(1) + "xlarge (threshold " + minXlarge + "xlarge)";
        }
        return null;
    }
}
