package io.trailguard.engine;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.trailguard.rules.RuleReader;
import software.amazon.event.ruler.Patterns;

/**
 * The registry's matcher ({@link PatternMatcher}: event-ruler's machines), given each pattern only when an event could
 * need it: building the machines was most of a cold start's cost with many rules, and a function sees few of the
 * calls its patterns name. A pattern
 * is kept waiting under its loose {@link PatternIndex} keys (the exact values, prefixes, suffixes or ASCII strings
 * ignoring case of one field it requires) and added before the first event whose value there may match one; a
 * pattern without a key is added at once. Where PatternIndex leaves an event to event-ruler (an array, a dotted
 * name, a value that is not a string), every waiting pattern is added. So the machine answers every event as the
 * machine with every pattern would: a pattern left out could not match it.
 */
final class LazyPatterns {

    private final PatternMatcher matcher = new PatternMatcher();
    /** Field path → the patterns waiting for an event with some value there; not changed after start. */
    private final Map<List<String>, AtPath> waiting = new HashMap<>();
    /** The objects the waiting patterns' paths go through, the event itself first. */
    private final List<List<String>> prefixes = new ArrayList<>();
    private final List<Waiting> all = new ArrayList<>();
    /** How many patterns wait still: once none does, matching costs nothing more than the machine. */
    private volatile int left;
    /** Events looked at while patterns wait (under the lock). */
    private int seen;
    /** How many of the patterns name each source ({@code source: ["aws.s3"]}), for the matcher's own machines. */
    private final Map<String, Integer> naming = new HashMap<>();
    private boolean planned;

    /**
     * After this many events every pattern still waiting is added, at once: telling which are due costs each event
     * about a microsecond, which a busy function (or a replay of millions of records) should not pay for its whole life;
     * a cold start's first events, and a function that sees few, never build the whole machine.
     */
    static final int EVENTS_WHILE_WAITING = 1_000;

    /** A pattern not in the machine yet; {@code added} is set, under the lock, once it is. */
    private static final class Waiting {
        final String name;
        final String pattern;
        /** Compiled already (a declared rule's), or null. */
        final List<Map<String, List<Patterns>>> subRules;
        volatile boolean added;

        Waiting(String name, String pattern, List<Map<String, List<Patterns>>> subRules) {
            this.name = name;
            this.pattern = pattern;
            this.subRules = subRules;
        }
    }

    /** The patterns waiting at one field, by what they require its value to be. */
    private static final class AtPath {
        final Map<String, List<Waiting>> exact = new HashMap<>();
        final Map<String, List<Waiting>> lowerCase = new HashMap<>();
        final List<Map.Entry<String, Waiting>> prefixes = new ArrayList<>();
        final List<Map.Entry<String, Waiting>> suffixes = new ArrayList<>();

        void add(PatternIndex.Key key, Waiting pending) {
            key.values().forEach(value -> exact.computeIfAbsent(value, v -> new ArrayList<>(1)).add(pending));
            key.lowerCase().forEach(value -> lowerCase.computeIfAbsent(value, v -> new ArrayList<>(1)).add(pending));
            key.prefixes().forEach(prefix -> prefixes.add(Map.entry(prefix, pending)));
            key.suffixes().forEach(suffix -> suffixes.add(Map.entry(suffix, pending)));
        }

        /** Adds to {@code due} the patterns not added yet that the value may match. */
        void named(String value, List<Waiting> due) {
            due(exact.get(value), due);
            if (!lowerCase.isEmpty()) {
                if (PatternIndex.isAscii(value)) {
                    due(lowerCase.get(PatternIndex.asciiLowerCase(value)), due);
                } else {
                    lowerCase.values().forEach(named -> due(named, due)); // Unicode case folding: event-ruler's to tell
                }
            }
            for (Map.Entry<String, Waiting> prefix : prefixes) {
                if (value.startsWith(prefix.getKey())) {
                    due(List.of(prefix.getValue()), due);
                }
            }
            for (Map.Entry<String, Waiting> suffix : suffixes) {
                if (value.endsWith(suffix.getKey())) {
                    due(List.of(suffix.getValue()), due);
                }
            }
        }

        private static void due(List<Waiting> named, List<Waiting> due) {
            if (named != null) {
                for (Waiting pending : named) {
                    if (!pending.added) {
                        due.add(pending);
                    }
                }
            }
        }
    }

    /**
     * Adds the pattern {@code tree} is read from, under {@code name}, now or when an event needs it. Called at start
     * only, before any matching. A pattern not compiled yet ({@code subRules} null; a declared rule's is, when read)
     * nor {@code checked} (a declared rule's is, when read, or when validate-rules wrote its file) is compiled here,
     * so that an invalid one fails start-up as it did when every pattern went into the machine at once.
     */
    void add(String name, String pattern, JsonNode tree, List<Map<String, List<Patterns>>> subRules, boolean checked) throws IOException {
        JsonNode sources = tree.get("source");
        if (sources != null && sources.isArray()) {
            for (JsonNode source : sources) {
                if (source.isTextual()) {
                    naming.merge(source.textValue(), 1, Integer::sum);
                }
            }
        }
        List<PatternIndex.Key> keys = PatternIndex.keys(tree, true);
        if (keys == null) {
            if (subRules == null) {
                matcher.add(name, pattern);
            } else {
                matcher.add(name, pattern, subRules);
            }
            return;
        }
        if (subRules == null && !checked) {
            RuleReader.compiles(name, pattern); // what addRule would refuse, as a rule is checked when read
        }
        Waiting pending = new Waiting(name, pattern, subRules);
        all.add(pending);
        left++;
        for (PatternIndex.Key key : keys) {
            waiting.computeIfAbsent(key.path(), p -> new AtPath()).add(key, pending);
            for (int i = 0; i < key.path().size(); i++) {
                if (!prefixes.contains(key.path().subList(0, i))) {
                    prefixes.add(List.copyOf(key.path().subList(0, i)));
                }
            }
        }
    }

    /**
     * The names of the patterns that match the event, as one event-ruler machine of them all would answer
     * ({@code rulesForJSONEvent}). Thread-safe: while patterns wait, adding and matching take turns (the matcher's
     * maps change as patterns come in); once none waits, nothing changes any more and matching takes no lock.
     */
    List<String> rulesFor(JsonNode event) {
        if (left > 0) {
            synchronized (this) {
                if (left > 0) {
                    if (!planned) {
                        plan();
                    }
                    if (++seen > EVENTS_WHILE_WAITING) {
                        addToMachine(all);
                    } else {
                        addWhatMayMatch(event);
                    }
                    return matcher.matching(event);
                }
            }
        }
        return matcher.matching(event);
    }

    /**
     * Before the first waiting pattern goes in: each source many patterns name gets its machine now (a hint only: a
     * pattern whose envelope the matcher cannot take out goes into every machine anyway), so that a pattern added
     * later goes into one machine, not into two.
     */
    private void plan() {
        planned = true;
        for (Map.Entry<String, Integer> source : naming.entrySet()) {
            if (source.getValue() >= PatternMatcher.OWN_MACHINE) {
                try {
                    matcher.reserve(source.getKey());
                } catch (IOException | RuntimeException e) {
                    // the patterns in the machine already went into one without a refusal
                    throw new IllegalStateException("a machine for " + source.getKey() + ": " + e.getMessage(), e);
                }
            }
        }
    }

    /** How many patterns are not in the machine yet. */
    int waiting() {
        return left;
    }

    private void addWhatMayMatch(JsonNode event) {
        for (List<String> prefix : prefixes) {
            JsonNode node = PatternIndex.at(event, prefix);
            if (node != null && (node.isArray() || PatternIndex.hasDottedName(node))) {
                addToMachine(all); // event-ruler flattens arrays and joins names with dots: no lookup tells its answer
                return;
            }
        }
        List<Waiting> due = new ArrayList<>();
        for (Map.Entry<List<String>, AtPath> entry : waiting.entrySet()) {
            JsonNode value = PatternIndex.at(event, entry.getKey());
            if (value == null) {
                continue;
            }
            if (!value.isTextual()) {
                addToMachine(all); // a number, an object…: matched or not by event-ruler's rules, not by a lookup
                return;
            }
            entry.getValue().named(value.textValue(), due);
        }
        if (!due.isEmpty()) {
            addToMachine(due);
        }
    }

    /** Under the lock {@link #rulesFor} holds while patterns wait. */
    private synchronized void addToMachine(List<Waiting> patterns) {
        for (Waiting pending : patterns) {
            if (pending.added) {
                continue;
            }
            try {
                if (pending.subRules == null) {
                    matcher.add(pending.name, pending.pattern);
                } else {
                    matcher.add(pending.name, pending.pattern, pending.subRules);
                }
            } catch (IOException | RuntimeException e) {
                // checked at start: only a bug in that check gets here
                throw new IllegalStateException("policy " + pending.name + " has an invalid event pattern: " + e.getMessage(), e);
            }
            pending.added = true;
            left--;
        }
    }
}
