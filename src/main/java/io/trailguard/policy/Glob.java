package io.trailguard.policy;

import java.util.List;
import java.util.regex.Pattern;

/** A list of {@code *}-wildcard patterns (ARNs, names), compiled once. */
public final class Glob {

    private final List<Pattern> patterns;

    private Glob(List<Pattern> patterns) {
        this.patterns = patterns;
    }

    public static Glob of(List<String> globs) {
        return new Glob(globs.stream().map(String::trim).filter(g -> !g.isEmpty()).map(Glob::compile).toList());
    }

    public boolean matches(String value) {
        if (value == null) {
            return false;
        }
        for (Pattern p : patterns) {
            if (p.matcher(value).matches()) {
                return true;
            }
        }
        return false;
    }

    public boolean isEmpty() {
        return patterns.isEmpty();
    }

    private static Pattern compile(String glob) {
        String[] parts = glob.split("\\*", -1);
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(parts[i]));
        }
        return Pattern.compile(regex.toString());
    }
}
