package io.trailguard.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Tells, from a few field lookups, the events no pattern can match, so that most of a real trail (reads no
 * policy looks at) skips event-ruler and the model. Each pattern is indexed by one field it requires to equal
 * one of a list of strings (its eventName, else its errorCode…; an {@code $or} by the union of its branches'
 * fields); an event none of those fields' values name is matched by no pattern. A pattern with no such field
 * makes every event a candidate. Only ever says "maybe" where event-ruler could say yes: the matcher decides.
 */
final class PatternIndex {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Field path → the values some pattern requires there. */
    private final Map<List<String>, Set<String>> required = new HashMap<>();
    /** Each path of {@link #required} as {@link #mayMatch} looks it up. */
    private final List<Lookup> lookups = new ArrayList<>();
    private boolean everyEvent;

    void add(String pattern) {
        add(tree(pattern));
    }

    /** As {@link #add(String)}, for the pattern read already. */
    void add(JsonNode tree) {
        List<Key> keys = keys(tree);
        if (keys == null) {
            everyEvent = true;
            return;
        }
        for (Key key : keys) {
            required.computeIfAbsent(key.path(), p -> {
                Set<String> values = new HashSet<>();
                lookups.add(new Lookup(p.toArray(String[]::new), dottedSpellings(p), values));
                return values;
            }).addAll(key.values());
        }
    }

    /**
     * For each step of the path, the names that spell it and the steps after it with dots ({@code userIdentity.type}):
     * the only other names that event-ruler, which joins nested names with dots, reads as the path.
     */
    private static String[][] dottedSpellings(List<String> path) {
        String[][] dotted = new String[path.size()][];
        for (int i = 0; i < path.size(); i++) {
            dotted[i] = new String[Math.max(0, path.size() - i - 1)];
            for (int j = i + 2; j <= path.size(); j++) {
                dotted[i][j - i - 2] = String.join(".", path.subList(i, j));
            }
        }
        return dotted;
    }

    /** A path some patterns require to be one of {@code values}. */
    private record Lookup(String[] steps, String[][] dotted, Set<String> values) {

        /** False only when the event's value there can be none of the values (nothing there, or another string). */
        boolean mayHold(JsonNode event) {
            JsonNode node = event;
            for (int i = 0; i < steps.length; i++) {
                if (node.isArray()) {
                    return true; // event-ruler flattens arrays: its answer, not a lookup's
                }
                for (String name : dotted[i]) {
                    if (node.get(name) != null) {
                        return true; // the path spelt with dots: event-ruler's to read
                    }
                }
                node = node.get(steps[i]);
                if (node == null) {
                    return false;
                }
            }
            // an array (any element may match), a number or anything but a string: left to event-ruler
            return !node.isTextual() || values.contains(node.textValue());
        }
    }

    static JsonNode tree(String pattern) {
        try {
            return JSON.readTree(pattern);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The keys of a pattern, of which one at least holds for every event it matches; null when it has none. */
    static List<Key> keys(JsonNode pattern) {
        return keys(pattern, false);
    }

    /**
     * As {@link #keys(JsonNode)}; {@code loose} takes as a key too a field's prefixes, suffixes and ASCII strings to
     * equal ignoring case ({@link LazyPatterns} tells them; {@link #mayMatch} knows exact values only).
     */
    static List<Key> keys(JsonNode pattern, boolean loose) {
        return pattern != null && pattern.isObject() ? keys(pattern, List.of(), loose) : null;
    }

    /** Whether some pattern may match the event: false only when none can. */
    boolean mayMatch(JsonNode event) {
        if (everyEvent) {
            return true;
        }
        // each path looked up by name, dotted spellings too: scanning every name of the objects on the way for a dot
        // was most of this
        for (Lookup lookup : lookups) {
            if (lookup.mayHold(event)) {
                return true;
            }
        }
        return false;
    }

    static JsonNode at(JsonNode node, List<String> path) {
        JsonNode value = node;
        for (int i = 0; i < path.size() && value != null; i++) {
            value = value.get(path.get(i));
        }
        return value;
    }

    static boolean hasDottedName(JsonNode node) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext();) {
            if (names.next().indexOf('.') >= 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * A field path and what a pattern requires there, a string that is one of {@code values}, or (loose keys only)
     * starts with one of {@code prefixes}, ends with one of {@code suffixes}, or is in ASCII one of {@code lowerCase}
     * ignoring case.
     */
    record Key(List<String> path, Set<String> values, Set<String> prefixes, Set<String> suffixes, Set<String> lowerCase) {
    }

    /**
     * Keys of which one at least holds for every event the pattern object matches, or null when there are none:
     * one field's exact strings, the best of the object's fields, or an {@code $or}'s branches together.
     */
    private static List<Key> keys(JsonNode pattern, List<String> prefix, boolean loose) {
        List<Key> best = null;
        for (Iterator<Map.Entry<String, JsonNode>> fields = pattern.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            List<Key> found = null;
            if ("$or".equals(field.getKey())) {
                found = branches(field.getValue(), prefix, loose);
            } else if (field.getKey().startsWith("$") || field.getKey().indexOf('.') >= 0) {
                continue;
            } else {
                List<String> path = new ArrayList<>(prefix);
                path.add(field.getKey());
                if (field.getValue().isObject()) {
                    found = keys(field.getValue(), List.copyOf(path), loose);
                } else if (field.getValue().isArray() && !field.getValue().isEmpty()) {
                    Set<String> values = new HashSet<>();
                    Set<String> prefixes = loose ? new HashSet<>() : Set.of();
                    Set<String> suffixes = loose ? new HashSet<>() : Set.of();
                    Set<String> lowerCase = loose ? new HashSet<>() : Set.of();
                    for (JsonNode value : field.getValue()) {
                        if (value.isTextual()) {
                            values.add(value.textValue());
                        } else if (!loose || !looseValue(value, prefixes, suffixes, lowerCase)) {
                            values = null; // anything-but, numeric, wildcard…: no value a lookup tells
                            break;
                        }
                    }
                    found = values == null ? null : List.of(new Key(List.copyOf(path), values, prefixes, suffixes, lowerCase));
                }
            }
            if (found != null && (best == null || rank(found) < rank(best))) {
                best = found;
            }
        }
        return best;
    }

    /** Whether the pattern value is {prefix: s}, {suffix: s} or {equals-ignore-case: s} with s in ASCII; if so, s is added. */
    private static boolean looseValue(JsonNode value, Set<String> prefixes, Set<String> suffixes, Set<String> lowerCase) {
        if (!value.isObject() || value.size() != 1) {
            return false;
        }
        String kind = value.fieldNames().next();
        JsonNode text = value.get(kind);
        if (!text.isTextual()) {
            return false;
        }
        switch (kind) {
            case "prefix" -> prefixes.add(text.textValue());
            case "suffix" -> suffixes.add(text.textValue());
            case "equals-ignore-case" -> {
                if (!isAscii(text.textValue())) {
                    return false; // Unicode case folding is event-ruler's to tell
                }
                lowerCase.add(asciiLowerCase(text.textValue()));
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) > 127) {
                return false;
            }
        }
        return true;
    }

    static String asciiLowerCase(String text) {
        return text.toLowerCase(Locale.ROOT); // ASCII only is given: the same as lower-casing A-Z
    }

    private static List<Key> branches(JsonNode or, List<String> prefix, boolean loose) {
        if (!or.isArray() || or.isEmpty()) {
            return null;
        }
        List<Key> all = new ArrayList<>();
        for (JsonNode branch : or) {
            List<Key> keys = branch.isObject() ? keys(branch, prefix, loose) : null;
            if (keys == null) {
                return null;
            }
            all.addAll(keys);
        }
        return all;
    }

    /** Lower is more selective: the call's name first, the event's kind last. */
    private static int rank(List<Key> keys) {
        int worst = 0;
        for (Key key : keys) {
            String field = key.path().get(key.path().size() - 1);
            int rank = switch (field) {
                case "eventName" -> 0;
                case "errorCode" -> 1;
                case "eventSource", "source" -> 3;
                case "detail-type" -> 4;
                default -> 2;
            };
            worst = Math.max(worst, rank);
        }
        return worst;
    }
}
