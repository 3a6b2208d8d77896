package io.trailguard.sigma;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The conditions of a converted rule judged against an event, as the rule format describes its {@code compare}
 * predicate, for the tests only: the rules engine (package rules/) is what judges them in trailguard. A value that
 * is an object or array is judged as its JSON text by the text operations, which is how Sigma reads such fields.
 */
final class RuleConditions {

    private RuleConditions() {
    }

    static boolean hold(List<?> conditions, JsonNode event) {
        return conditions == null || conditions.stream().allMatch(c -> holds((Map<?, ?>) c, event));
    }

    static boolean holds(Map<?, ?> condition, JsonNode event) {
        if (condition.containsKey("all")) {
            return ((List<?>) condition.get("all")).stream().allMatch(c -> holds((Map<?, ?>) c, event));
        }
        if (condition.containsKey("any")) {
            return ((List<?>) condition.get("any")).stream().anyMatch(c -> holds((Map<?, ?>) c, event));
        }
        if (condition.containsKey("not")) {
            return !holds((Map<?, ?>) condition.get("not"), event);
        }
        if (!"compare".equals(condition.get("predicate"))) {
            throw new IllegalArgumentException("not a compare predicate: " + condition);
        }
        JsonNode node = event.at((String) condition.get("pointer"));
        String op = (String) condition.get("op");
        Object value = condition.get("value");
        boolean absent = node.isMissingNode() || node.isNull();
        if (op.equals("exists") || op.equals("absent")) {
            return op.equals("absent") == absent;
        }
        if (absent) {
            return false;
        }
        String text = node.isTextual() ? node.asText() : node.toString();
        return switch (op) {
            case "eq" -> value instanceof Number n ? node.isNumber() && node.decimalValue().compareTo(new java.math.BigDecimal(n.toString())) == 0
                    : value instanceof Boolean b ? node.isBoolean() && node.asBoolean() == b : node.isTextual() && text.equals(value);
            case "contains" -> text.contains((String) value);
            case "starts-with" -> text.startsWith((String) value);
            case "ends-with" -> text.endsWith((String) value);
            case "matches" -> Pattern.compile((String) value).matcher(text).find();
            default -> throw new IllegalArgumentException("op " + op);
        };
    }
}
