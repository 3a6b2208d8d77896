package io.trailguard.policy;

import java.util.List;
import java.util.regex.Pattern;

/** A list of {@code *}-wildcard patterns (ARNs, names), compiled once. */
public final class Glob {

    private final List<Pattern> patterns;
    /** Each pattern's literal parts, between its wildcards: matched without a regex, as they are for every event. */
    private final List<String[]> literals;

    private Glob(List<Pattern> patterns, List<String[]> literals) {
        this.patterns = patterns;
        this.literals = literals;
    }

    private static final Glob NONE = new Glob(List.of(), List.of());

    /**
     * The last list compiled, and its glob: at start each policy's exempt principals are mostly the global ones, the
     * same list compiled again for every policy and rule (40 % of the registry's allocation with 149 policies).
     */
    private static volatile Compiled last;

    private record Compiled(List<String> globs, Glob glob) {
    }

    public static Glob of(List<String> globs) {
        if (globs.isEmpty()) {
            return NONE;
        }
        Compiled known = last;
        if (known != null && known.globs().equals(globs)) {
            return known.glob(); // immutable, so shared
        }
        List<String> trimmed = globs.stream().map(String::trim).filter(g -> !g.isEmpty()).toList();
        Glob glob = new Glob(trimmed.stream().map(Glob::compile).toList(), trimmed.stream().map(g -> g.split("\\*", -1)).toList());
        last = new Compiled(List.copyOf(globs), glob);
        return glob;
    }

    public boolean matches(String value) {
        if (value == null) {
            return false;
        }
        for (String[] parts : literals) {
            if (matches(parts, value)) {
                // a regex's * (.*) stops at a line break: such rare values keep the regex, so that the answer is the same
                return !hasLineBreak(value) || matchesRegex(value);
            }
        }
        return false; // no regex can match either: each matches only where its literals do (values mostly match none)
    }

    private boolean matchesRegex(String value) {
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

    /** The literals in order, the first at the start and the last at the end: each wildcard takes the shortest gap. */
    private static boolean matches(String[] parts, String value) {
        String first = parts[0];
        if (parts.length == 1) {
            return value.equals(first);
        }
        String last = parts[parts.length - 1];
        if (value.length() < first.length() + last.length() || !value.startsWith(first) || !value.endsWith(last)) {
            return false;
        }
        int from = first.length();
        int end = value.length() - last.length();
        for (int i = 1; i < parts.length - 1; i++) {
            int at = value.indexOf(parts[i], from);
            if (at < 0 || at + parts[i].length() > end) {
                return false;
            }
            from = at + parts[i].length();
        }
        return true;
    }

    private static boolean hasLineBreak(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029') {
                return true;
            }
        }
        return false;
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
