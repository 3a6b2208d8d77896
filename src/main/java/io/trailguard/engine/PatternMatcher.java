package io.trailguard.engine;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonNode;

import io.trailguard.rules.RuleReader;
import software.amazon.event.ruler.JsonRuleCompiler;
import software.amazon.event.ruler.Machine;
import software.amazon.event.ruler.MatchType;
import software.amazon.event.ruler.Patterns;

/**
 * The names of the patterns an event matches: event-ruler's answer, faster. Nearly every pattern starts, in
 * event-ruler's sorted field order, with {@code detail-type} (and often {@code detail.errorCode: [{exists:false}]}),
 * which nearly every event matches, so its walk carried every pattern's candidates through its first steps (with the
 * 100 benchmark rules, a third of the match). Those envelope fields, when a pattern holds them to a list of exact
 * strings ({@code source}, {@code detail-type}) or to absence (any field: {@code detail.errorCode}, and
 * {@code detail.userIdentity.invokedBy}, which a pattern naming no source put first in every machine's walk), are taken
 * out of what goes into event-ruler and checked here on the event's values, once per event; and an event of a source that
 * many patterns name goes through a machine of those and of the patterns naming no source, not of them all. The same
 * answer: an event whose envelope fields are arrays or objects (where event-ruler's array rules apply) goes to a
 * machine of the unchanged patterns, built on the first such event.
 */
final class PatternMatcher {

    private static final String SOURCE = "source";
    private static final String DETAIL_TYPE = "detail-type";

    /**
     * A source named by this many patterns gets a machine of its own. Each such machine holds the patterns that name
     * no source too, so one for a source of a few patterns would cost more start-up than it saves.
     */
    static final int OWN_MACHINE = 4;

    /** By source named by many patterns: those patterns and the ones that name no source. */
    private final Map<String, Machine> bySource = new HashMap<>();
    /** The patterns that name no source and those naming only sources without a machine of their own. */
    private final Machine anySource = Machine.builder().build();
    /** How to add each pattern that names no source, to a machine made after it. */
    private final List<Adding> sourceless = new ArrayList<>();
    /** By source without a machine of its own (yet): how to add each pattern naming it. */
    private final Map<String, List<Adding>> naming = new HashMap<>();
    /** What each split pattern requires of the envelope, by name; a pattern not split has none. */
    private final Map<String, Envelope> envelopes = new HashMap<>();
    private final Map<String, String> patterns = new LinkedHashMap<>();
    /** The fields some split pattern holds to absence, each as its path's steps and their dotted spellings. */
    private final Map<String, AbsentField> absentFields = new LinkedHashMap<>();
    private volatile Machine whole;

    private interface Adding {
        void to(Machine machine) throws IOException;
    }

    /**
     * Adds a pattern, refused exactly as, and with the message, {@code Machine.addRule} refuses it. Not thread-safe
     * with {@link #matching}: {@link LazyPatterns} makes them take turns while patterns come in.
     */
    void add(String name, String pattern) throws IOException {
        List<Map<String, List<Patterns>>> subRules;
        try {
            subRules = JsonRuleCompiler.compile(pattern, true);
        } catch (JsonParseException e) {
            subRules = null; // event-ruler's legacy format, or its refusal: added as it is
        }
        add(name, pattern, subRules);
    }

    /**
     * As {@link #add(String, String)}, with the sub-rules {@code JsonRuleCompiler.compile(pattern, true)} gave (a
     * declared rule's, compiled when it was read and checked): addRule would compile them again for each machine.
     */
    void add(String name, String pattern, List<Map<String, List<Patterns>>> subRules) throws IOException {
        patterns.put(name, pattern);
        Envelope envelope = subRules == null ? null : envelope(subRules);
        Adding adding;
        if (envelope == null && subRules != null && subRules.stream().allMatch(r -> r.size() <= RuleReader.MAXIMUM_RULE_SIZE)) {
            adding = machine -> subRules.forEach(subRule -> machine.addPatternRule(name, subRule)); // what addRule does
        } else if (envelope == null) {
            adding = machine -> machine.addRule(name, pattern);
        } else {
            List<Map<String, List<Patterns>>> rests = new ArrayList<>();
            for (Map<String, List<Patterns>> subRule : subRules) {
                Map<String, List<Patterns>> rest = new HashMap<>(subRule);
                rest.keySet().removeAll(envelope.fields());
                rests.add(rest);
            }
            adding = machine -> rests.forEach(rest -> machine.addPatternRule(name, rest)); // each machine copies what it is given
        }
        if (envelope == null || envelope.sources() == null) {
            adding.to(anySource); // first: a refusal comes from the first machine it goes into
            for (Machine machine : bySource.values()) {
                adding.to(machine);
            }
            sourceless.add(adding);
        } else {
            boolean inAnySource = false;
            for (String source : envelope.sources()) {
                Machine own = bySource.get(source);
                if (own != null) {
                    adding.to(own);
                    continue;
                }
                List<Adding> named = naming.computeIfAbsent(source, s -> new ArrayList<>());
                named.add(adding);
                if (named.size() < OWN_MACHINE) {
                    if (!inAnySource) {
                        adding.to(anySource);
                        inAnySource = true;
                    }
                    continue;
                }
                ownMachine(source);
            }
        }
        if (envelope != null) {
            envelopes.put(name, envelope);
            for (String field : envelope.absent()) {
                absentFields.computeIfAbsent(field, AbsentField::new);
            }
        }
        whole = null; // built again, with this pattern, if an odd event needs it (LazyPatterns adds after matching began)
    }

    /**
     * Gives {@code source} a machine of its own now, when it will be named by many patterns: those added after go
     * into it alone, not first into the machine of every source and then again into their own (an event-ruler numeric
     * range, say, costs half a megabyte and a millisecond of a cold start each time it is added).
     */
    void reserve(String source) throws IOException {
        if (!bySource.containsKey(source)) {
            ownMachine(source);
        }
    }

    /** A machine for the source, of the patterns naming no source and of those naming it. */
    private void ownMachine(String source) throws IOException {
        // the earlier ones stay in anySource too: a machine may hold more patterns than can match, never fewer
        Machine own = Machine.builder().build();
        for (Adding earlier : sourceless) {
            earlier.to(own);
        }
        for (Adding earlier : naming.getOrDefault(source, List.of())) {
            earlier.to(own);
        }
        bySource.put(source, own);
        naming.remove(source);
    }

    /** How many patterns had their envelope taken out of the machine. */
    int split() {
        return envelopes.size();
    }

    /** How many sources have a machine of their own. */
    int ownMachines() {
        return bySource.size();
    }

    /** The names of the patterns the event matches, in no set order. */
    List<String> matching(JsonNode event) {
        if (envelopes.isEmpty()) {
            return anySource.rulesForJSONEvent(event); // every pattern is in it
        }
        JsonNode source = event.get(SOURCE);
        JsonNode detailType = event.get(DETAIL_TYPE);
        if (!event.isObject() || isContainer(source) || isContainer(detailType)) {
            return whole().rulesForJSONEvent(event);
        }
        Set<String> present = Set.of(); // of the fields held to absence; mostly none (errorCode on failed calls)
        for (AbsentField field : absentFields.values()) {
            Boolean found = field.presentIn(event);
            if (found == null) {
                return whole().rulesForJSONEvent(event);
            }
            if (found) {
                present = present.isEmpty() ? Set.of(field.name()) : union(present, field.name());
            }
        }
        String sourceText = text(source);
        Machine machine = sourceText == null ? anySource : bySource.getOrDefault(sourceText, anySource);
        List<String> matched = machine.rulesForJSONEvent(event);
        List<String> held = new ArrayList<>(matched.size());
        for (String name : matched) {
            Envelope envelope = envelopes.get(name);
            if (envelope == null || envelope.holds(sourceText, text(detailType), present)) {
                held.add(name);
            }
        }
        return held;
    }

    private static Set<String> union(Set<String> names, String name) {
        Set<String> all = new HashSet<>(names);
        all.add(name);
        return all;
    }

    /**
     * A field some patterns hold to absence ({@code detail.errorCode}, {@code detail.userIdentity.invokedBy}), by its
     * path as event-ruler flattens it.
     */
    private record AbsentField(String name, String[] steps, String[][] dotted) {

        AbsentField(String name) {
            this(name, name.split("\\.", -1));
        }

        private AbsentField(String name, String[] steps) {
            this(name, steps, dottedSpellings(steps));
        }

        /** For each step, the names that spell it and the steps after it with dots ("userIdentity.invokedBy"). */
        private static String[][] dottedSpellings(String[] steps) {
            String[][] dotted = new String[steps.length][];
            for (int i = 0; i < steps.length; i++) {
                dotted[i] = new String[Math.max(0, steps.length - i - 1)];
                for (int j = i + 2; j <= steps.length; j++) {
                    dotted[i][j - i - 2] = String.join(".", java.util.Arrays.asList(steps).subList(i, j));
                }
            }
            return dotted;
        }

        /**
         * Whether event-ruler finds the field: a scalar there (null too) is one; nothing, or a scalar on the way, is
         * none; null when only event-ruler can tell (an array or object there or an array on the way, a dotted name
         * spelling part of the path).
         */
        Boolean presentIn(JsonNode event) {
            JsonNode node = event;
            for (int i = 0; i < steps.length; i++) {
                for (String name : dotted[i]) {
                    if (node.get(name) != null) {
                        return null;
                    }
                }
                JsonNode next = node.get(steps[i]);
                if (next == null) {
                    return Boolean.FALSE;
                }
                if (i == steps.length - 1) {
                    return isContainer(next) ? null : Boolean.TRUE;
                }
                if (next.isValueNode()) {
                    return Boolean.FALSE;
                }
                if (!next.isObject()) {
                    return null;
                }
                node = next;
            }
            return Boolean.FALSE; // no steps: never, a compiled field has a name
        }
    }

    private static boolean isContainer(JsonNode node) {
        return node != null && node.isContainerNode();
    }

    /** A string's text; null for anything else, which no exact string pattern matches (event-ruler quotes strings only). */
    private static String text(JsonNode node) {
        return node != null && node.isTextual() ? node.textValue() : null;
    }

    private Machine whole() {
        Machine machine = whole;
        if (machine == null) {
            synchronized (this) {
                machine = whole;
                if (machine == null) {
                    machine = Machine.builder().build();
                    for (Map.Entry<String, String> pattern : patterns.entrySet()) {
                        try {
                            machine.addRule(pattern.getKey(), pattern.getValue());
                        } catch (IOException e) {
                            throw new IllegalStateException("pattern " + pattern.getKey() + " was added once already", e);
                        }
                    }
                    whole = machine;
                }
            }
        }
        return machine;
    }

    /**
     * The envelope every sub-rule of the pattern holds alike, or null when there is none to take out: no such
     * field, sub-rules that differ on it, a sub-rule of nothing else, or one a machine would refuse as too large.
     */
    private static Envelope envelope(List<Map<String, List<Patterns>>> subRules) {
        Envelope common = null;
        for (Map<String, List<Patterns>> subRule : subRules) {
            if (subRule.size() > RuleReader.MAXIMUM_RULE_SIZE) {
                return null; // left to addRule, with its refusal
            }
            Set<String> absent = new HashSet<>();
            subRule.forEach((field, values) -> {
                if (isAbsence(values)) {
                    absent.add(field);
                }
            });
            Envelope envelope = new Envelope(exactStrings(subRule.get(SOURCE)), exactStrings(subRule.get(DETAIL_TYPE)), Set.copyOf(absent));
            if (envelope.fields().isEmpty() || envelope.fields().size() == subRule.size() || (common != null && !common.equals(envelope))) {
                return null;
            }
            common = envelope;
        }
        return common;
    }

    /** The strings of a list of exact string values, or null when it holds anything else. */
    private static Set<String> exactStrings(List<Patterns> values) {
        if (values == null || values.isEmpty()) {
            return null;
        }
        Set<String> strings = new HashSet<>();
        for (Patterns value : values) {
            String quoted = value.type() == MatchType.EXACT ? value.pattern() : null;
            if (quoted == null || quoted.length() < 2 || quoted.charAt(0) != '"' || quoted.charAt(quoted.length() - 1) != '"') {
                return null;
            }
            strings.add(quoted.substring(1, quoted.length() - 1));
        }
        return Set.copyOf(strings);
    }

    private static boolean isAbsence(List<Patterns> values) {
        return values != null && values.size() == 1 && values.get(0).type() == MatchType.ABSENT;
    }

    /**
     * A split pattern's source and detail-type (each one of the strings, or anything when null) and the fields it
     * holds to absence.
     */
    private record Envelope(Set<String> sources, Set<String> detailTypes, Set<String> absent) {

        boolean holds(String source, String detailType, Set<String> present) {
            if (!present.isEmpty()) {
                for (String field : absent) {
                    if (present.contains(field)) {
                        return false;
                    }
                }
            }
            return (sources == null || (source != null && sources.contains(source)))
                    && (detailTypes == null || (detailType != null && detailTypes.contains(detailType)));
        }

        Set<String> fields() {
            Set<String> fields = new HashSet<>();
            if (sources != null) {
                fields.add(SOURCE);
            }
            if (detailTypes != null) {
                fields.add(DETAIL_TYPE);
            }
            fields.addAll(absent);
            return fields;
        }
    }
}
