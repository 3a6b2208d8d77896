package io.trailguard.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Text with {@code ${path}} placeholders over the EventBridge event: a dotted path from an envelope field, array
 * elements by index ({@code detail.resources.0.ARN}), alternatives tried in turn ({@code ${detail.a|detail.b}}).
 */
public final class Template {

    /** The envelope fields a path may start from; any other root refers to nothing. */
    public static final Set<String> ROOTS = Set.of("detail", "account", "region", "time", "id", "source", "detail-type",
            "resources", "version", "replay-name");

    private final String text;
    private final List<String> literals;
    private final List<List<List<String>>> placeholders;

    private Template(String text, List<String> literals, List<List<List<String>>> placeholders) {
        this.text = text;
        this.literals = literals;
        this.placeholders = placeholders;
    }

    /** The template, or the reasons it is invalid (each placeholder whose root is no envelope field). */
    public static Template parse(String text, List<String> problems) {
        int open = text.indexOf("${");
        if (open < 0) {
            return new Template(text, List.of(text), List.of()); // most templates hold none: no lists to build
        }
        List<String> literals = new ArrayList<>();
        List<List<List<String>>> placeholders = new ArrayList<>();
        int end = 0;
        // what the regex \$\{([^}]*)} finds, by indexOf: a rule's templates were a quarter of reading it
        for (int close; open >= 0 && (close = text.indexOf('}', open + 2)) >= 0; open = text.indexOf("${", end)) {
            literals.add(text.substring(end, open));
            String inside = text.substring(open + 2, close);
            List<List<String>> alternatives = new ArrayList<>(2);
            for (int from = 0, bar; from <= inside.length(); from = bar + 1) {
                bar = inside.indexOf('|', from);
                if (bar < 0) {
                    bar = inside.length();
                }
                String alternative = inside.substring(from, bar).strip();
                List<String> path = path(alternative);
                if (path == null) {
                    problems.add("${" + inside + "} refers to nothing: a path starts with one of " + String.join(", ", ROOTS.stream().sorted().toList()));
                    path = List.of(alternative.split("\\.", -1));
                }
                alternatives.add(path);
            }
            placeholders.add(List.copyOf(alternatives));
            end = close + 1;
        }
        literals.add(text.substring(end));
        if (text.substring(end).contains("${")) {
            problems.add("unclosed ${ in \"" + text + "\"");
        }
        return new Template(text, List.copyOf(literals), List.copyOf(placeholders));
    }

    /**
     * The steps of a dotted path from an envelope field, or null when it starts elsewhere or has an empty step.
     * Rules repeat the same few paths (a resource id, the caller's ARN): each is split once and its list shared.
     */
    private static List<String> path(String text) {
        List<String> known = PATHS.get(text);
        if (known != null) {
            return known;
        }
        List<String> steps = new ArrayList<>(4);
        for (int from = 0, dot; from <= text.length(); from = dot + 1) {
            dot = text.indexOf('.', from);
            if (dot < 0) {
                dot = text.length();
            }
            if (dot == from) {
                return null;
            }
            steps.add(text.substring(from, dot));
        }
        if (!ROOTS.contains(steps.get(0))) {
            return null;
        }
        List<String> path = List.copyOf(steps);
        if (PATHS.size() < MAXIMUM_SHARED_PATHS) {
            PATHS.putIfAbsent(text, path);
        }
        return path;
    }

    /** Paths split already, by their text; bounded, as rules come from users. */
    private static final Map<String, List<String>> PATHS = new ConcurrentHashMap<>();
    private static final int MAXIMUM_SHARED_PATHS = 4_096;

    /** The text with every placeholder filled; one the event lacks reads {@code ?}. */
    public String render(JsonNode event) {
        StringBuilder out = new StringBuilder(literals.get(0));
        for (int i = 0; i < placeholders.size(); i++) {
            String value = value(event, placeholders.get(i));
            out.append(value == null ? "?" : value).append(literals.get(i + 1));
        }
        return out.toString();
    }

    /** The text with every placeholder filled, or null when the event lacks one: an action parameter is then left unset. */
    public String renderAll(JsonNode event) {
        StringBuilder out = new StringBuilder(literals.get(0));
        for (int i = 0; i < placeholders.size(); i++) {
            String value = value(event, placeholders.get(i));
            if (value == null) {
                return null;
            }
            out.append(value).append(literals.get(i + 1));
        }
        return out.toString();
    }

    private static String value(JsonNode event, List<List<String>> alternatives) {
        for (List<String> path : alternatives) {
            JsonNode node = event;
            for (String step : path) {
                node = node.isArray() && step.length() < 10 && step.chars().allMatch(Character::isDigit) ? node.get(Integer.parseInt(step)) : node.get(step);
                if (node == null) {
                    break;
                }
            }
            if (node != null && !node.isNull() && !node.isMissingNode()) {
                return node.isValueNode() ? node.asText() : node.toString();
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return text;
    }
}
