package io.trailguard.rules;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.PatternSyntaxException;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import io.trailguard.predicates.AwsIdentifiers;
import io.trailguard.predicates.Cidr;
import io.trailguard.predicates.PublicAccess;

/**
 * The predicates a rule's conditions name, by name: each with what it judges and the parameters it takes, so that
 * the README's table is generated from here and a rule naming an unknown one or a parameter it lacks fails start-up.
 */
public final class Predicates {

    /** One predicate: its name, what it judges, its parameters, and how its parameters become a {@link Condition}. */
    public record Definition(String name, String description, List<String> parameters, Builder builder) {
    }

    /** Builds the condition from the entry's parameters; a bad parameter is added to {@code problems} as "field: reason". */
    @FunctionalInterface
    public interface Builder {
        Condition build(JsonNode entry, JsonPointer pointer, List<String> problems);
    }

    public static final String POINTER = "pointer";

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final Set<String> OPERATORS = Set.of("eq", "ne", "lt", "le", "gt", "ge", "exists", "absent", "matches", "contains",
            "starts-with", "ends-with");

    private static final Map<String, Definition> BY_NAME = byName(List.of(
            new Definition("public-policy", "the resource policy at pointer grants access to anyone (`*`) without a restricting condition",
                    List.of(POINTER), Predicates::publicPolicy),
            new Definition("principal-outside",
                    "a principal at pointer (a policy document's principals, an account id or an ARN) is outside the event's account and trusted-accounts; `*` always is",
                    List.of(POINTER, "trusted-accounts"), Predicates::principalOutside),
            new Definition("cidr-wider-than", "a CIDR block at pointer (or anywhere inside it) is wider than /prefix (IPv6: /prefix6, default prefix + 96)",
                    List.of(POINTER, "prefix", "prefix6"), Predicates::cidrWiderThan),
            new Definition("compare", "the value at pointer compared with value by op: " + String.join(" | ", OPERATORS.stream().sorted().toList())
                    + "; numbers compare numerically, matches takes a Java regex", List.of(POINTER, "op", "value"), Predicates::compare)));

    private Predicates() {
    }

    /** Every predicate, by name. */
    public static Map<String, Definition> all() {
        return BY_NAME;
    }

    /**
     * The last document read from a string, by that string: the conditions of a rule, and of each rule the event
     * matches, read the same policy one after another (with the 100 bench rules, most of the parsing a verdict did).
     * Only read, never changed, so one tree serves them all.
     */
    private static volatile ReadDocument lastDocument;

    private record ReadDocument(String text, JsonNode value) {
    }

    /** The value at the pointer; a JSON document held in a string (a policy, as CloudTrail logs it) parsed. Null when absent. */
    static JsonNode at(JsonNode event, JsonPointer pointer) {
        JsonNode node = event.at(pointer);
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        String text = node.isTextual() ? node.asText().strip() : "";
        if (text.startsWith("{") || text.startsWith("[")) {
            ReadDocument last = lastDocument;
            if (last != null && last.text() == node.textValue()) {
                return last.value(); // the same string, not only an equal one: the same event's
            }
            JsonNode value;
            try {
                value = JSON.readTree(text);
            } catch (java.io.IOException e) {
                value = node;
            }
            lastDocument = new ReadDocument(node.textValue(), value);
            return value;
        }
        return node;
    }

    private static Condition publicPolicy(JsonNode entry, JsonPointer pointer, List<String> problems) {
        return event -> PublicAccess.statements(at(event, pointer)).stream().anyMatch(PublicAccess::isPublic);
    }

    private static Condition principalOutside(JsonNode entry, JsonPointer pointer, List<String> problems) {
        Set<String> trusted = new LinkedHashSet<>();
        JsonNode listed = entry.path("trusted-accounts");
        if (!listed.isMissingNode()) {
            if (!listed.isArray()) {
                problems.add("trusted-accounts: a list of account ids, not " + listed);
            }
            listed.forEach(a -> {
                if (!AwsIdentifiers.isAccountId(a.asText())) {
                    problems.add("trusted-accounts: " + a + " is not a 12-digit account id");
                }
                trusted.add(a.asText());
            });
        }
        return event -> {
            JsonNode value = at(event, pointer);
            if (value == null) {
                return false;
            }
            Set<String> own = new LinkedHashSet<>(trusted);
            own.add(event.path("account").asText());
            own.add(event.path("detail").path("recipientAccountId").asText());
            List<String> principals = new ArrayList<>();
            if (value.has("Statement")) {
                PublicAccess.statements(value).stream().filter(s -> "Allow".equals(s.path("Effect").asText()))
                        .forEach(s -> strings(s.path("Principal").isTextual() ? s.path("Principal") : s.path("Principal").path("AWS"), principals));
            } else {
                strings(value, principals);
            }
            return principals.stream().anyMatch(p -> outside(p, own));
        };
    }

    private static boolean outside(String principal, Set<String> own) {
        if ("*".equals(principal)) {
            return true;
        }
        if (AwsIdentifiers.isAccountId(principal)) {
            return !own.contains(principal);
        }
        String[] arn = principal.split(":", 6);
        // an ARN names its account in the fifth field; a service principal (lambda.amazonaws.com) is no account's
        return arn.length == 6 && "arn".equals(arn[0]) && !arn[4].isEmpty() && !own.contains(arn[4]);
    }

    private static Condition cidrWiderThan(JsonNode entry, JsonPointer pointer, List<String> problems) {
        int prefix = integer(entry, "prefix", -1, 32, problems);
        int prefix6 = integer(entry, "prefix6", prefix < 0 ? -1 : prefix + 96, 128, problems);
        if (!entry.has("prefix")) {
            problems.add("prefix: required, the widest prefix allowed (e.g. 16)");
        }
        return event -> {
            List<String> texts = new ArrayList<>();
            strings(at(event, pointer), texts);
            return texts.stream().map(Cidr::parse).flatMap(java.util.Optional::stream)
                    .anyMatch(c -> c.prefix() < (c.ipv6() ? prefix6 : prefix));
        };
    }

    private static int integer(JsonNode entry, String field, int fallback, int max, List<String> problems) {
        JsonNode node = entry.get(field);
        if (node == null) {
            return fallback;
        }
        if (!node.canConvertToInt() || !node.isIntegralNumber() || node.asInt() < 0 || node.asInt() > max) {
            problems.add(field + ": a whole number from 0 to " + max + ", not " + node);
            return fallback;
        }
        return node.asInt();
    }

    private static Condition compare(JsonNode entry, JsonPointer pointer, List<String> problems) {
        String op = entry.path("op").asText("");
        JsonNode expected = entry.get("value");
        if (!OPERATORS.contains(op)) {
            problems.add("op: " + (op.isEmpty() ? "required" : "unknown " + op) + " (known: " + String.join(", ", OPERATORS.stream().sorted().toList()) + ")");
            return event -> false;
        }
        boolean unary = op.equals("exists") || op.equals("absent");
        if (unary) {
            if (expected != null) {
                problems.add("value: " + op + " takes no value");
            }
            return event -> (at(event, pointer) != null) == op.equals("exists");
        }
        if (expected == null || !expected.isValueNode() || expected.isNull()) {
            problems.add("value: required for " + op + ", a string, number or boolean");
            return event -> false;
        }
        java.util.regex.Pattern regex = null;
        if (op.equals("matches")) {
            try {
                regex = java.util.regex.Pattern.compile(expected.asText());
            } catch (PatternSyntaxException e) {
                problems.add("value: not a Java regex: " + e.getDescription());
                return event -> false;
            }
        }
        java.util.regex.Pattern compiled = regex;
        String wanted = expected.asText();
        BigDecimal number = number(expected, wanted); // read once: a rule compares one value with every event's
        return event -> {
            JsonNode actual = at(event, pointer);
            if (actual == null) {
                return op.equals("ne");
            }
            String text = actual.isValueNode() ? actual.asText() : actual.toString();
            return switch (op) {
                case "eq" -> ordering(actual, text, number, wanted) == 0;
                case "ne" -> ordering(actual, text, number, wanted) != 0;
                case "lt" -> ordering(actual, text, number, wanted) < 0;
                case "le" -> ordering(actual, text, number, wanted) <= 0;
                case "gt" -> ordering(actual, text, number, wanted) > 0;
                case "ge" -> ordering(actual, text, number, wanted) >= 0;
                case "matches" -> compiled.matcher(text).find();
                case "contains" -> text.contains(wanted);
                case "starts-with" -> text.startsWith(wanted);
                default -> text.endsWith(wanted);
            };
        };
    }

    /** Numerically when both read as numbers (CloudTrail logs some numbers as strings), else as text. */
    private static int ordering(JsonNode actual, String text, BigDecimal right, String wanted) {
        BigDecimal left = right == null ? null : number(actual, text);
        return left != null && right != null ? left.compareTo(right) : text.compareTo(wanted);
    }

    private static BigDecimal number(JsonNode node, String text) {
        if (node.isNumber()) {
            return node.decimalValue();
        }
        String stripped = text.strip();
        if (!node.isTextual() || !startsLikeNumber(stripped)) {
            return null; // most texts (names, ARNs) are no number: told without the exception BigDecimal would throw
        }
        try {
            return new BigDecimal(stripped);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** False for every text BigDecimal refuses by its first character: after a sign, a number starts with a digit or a point. */
    static boolean startsLikeNumber(String text) {
        int first = !text.isEmpty() && (text.charAt(0) == '+' || text.charAt(0) == '-') ? 1 : 0;
        return text.length() > first && (text.charAt(first) == '.' || Character.isDigit(text.charAt(first)));
    }

    /** Every string in a value: itself, or the strings anywhere inside an array or object. */
    private static void strings(JsonNode node, List<String> into) {
        if (node == null) {
            return;
        }
        if (node.isTextual()) {
            into.add(node.asText());
        }
        for (Iterator<JsonNode> children = node.elements(); children.hasNext();) {
            strings(children.next(), into);
        }
    }

    private static Map<String, Definition> byName(List<Definition> definitions) {
        Map<String, Definition> map = new LinkedHashMap<>();
        definitions.forEach(d -> map.put(d.name(), d));
        return java.util.Collections.unmodifiableMap(map);
    }
}
