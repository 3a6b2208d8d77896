package io.trailguard.infra;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * IAM's evaluation of one request against the statements of one policy set (already free of CloudFormation
 * intrinsics, see {@link TemplateValues}): an explicit Deny wins, else some Allow must match, else it is denied.
 * Action, NotAction, Resource, NotResource, Principal (of resource policies) and the condition operators the
 * templates use; an operator this does not know fails the evaluation instead of guessing.
 */
final class IamEvaluator {

    enum Outcome { ALLOWED, EXPLICITLY_DENIED, IMPLICITLY_DENIED }

    /**
     * One request: who (for resource policies: {@code principal} an ARN, or a service such as events.amazonaws.com),
     * what, on which resource, with which condition context (keys compared case-insensitively, as IAM does).
     */
    record Request(String principal, String action, String resource, Map<String, String> context) {

        static Request of(String action, String resource) {
            return new Request(null, action, resource, Map.of());
        }

        Request by(String principal) {
            return new Request(principal, action, resource, context);
        }

        Request with(Map<String, String> context) {
            return new Request(principal, action, resource, context);
        }

        String contextValue(String key) {
            for (Map.Entry<String, String> entry : context.entrySet()) {
                if (entry.getKey().equalsIgnoreCase(key)) {
                    return entry.getValue();
                }
            }
            return null;
        }
    }

    private IamEvaluator() {
    }

    static Outcome evaluate(List<Map<String, Object>> statements, Request request) {
        boolean allowed = false;
        for (Map<String, Object> statement : statements) {
            if (!applies(statement, request)) {
                continue;
            }
            String effect = String.valueOf(statement.get("Effect"));
            if ("Deny".equals(effect)) {
                return Outcome.EXPLICITLY_DENIED;
            }
            if (!"Allow".equals(effect)) {
                throw new IllegalArgumentException("statement effect " + effect + " is neither Allow nor Deny: " + statement);
            }
            allowed = true;
        }
        return allowed ? Outcome.ALLOWED : Outcome.IMPLICITLY_DENIED;
    }

    static boolean allows(List<Map<String, Object>> statements, Request request) {
        return evaluate(statements, request) == Outcome.ALLOWED;
    }

    /** Whether the statement's action, resource, principal and conditions all cover the request. */
    static boolean applies(Map<String, Object> statement, Request request) {
        return matchesActions(statement, request.action())
                && matchesElement(statement, "Resource", "NotResource", request.resource(), false, true)
                && matchesPrincipal(statement, request.principal())
                && conditionsHold(statement, request);
    }

    static boolean matchesActions(Map<String, Object> statement, String action) {
        return matchesElement(statement, "Action", "NotAction", action, true, false);
    }

    private static boolean matchesElement(Map<String, Object> statement, String element, String notElement, String value,
            boolean ignoreCase, boolean absentMatches) {
        if (statement.containsKey(element)) {
            return values(statement.get(element)).stream().anyMatch(pattern -> glob(pattern, value, ignoreCase));
        }
        if (statement.containsKey(notElement)) {
            return values(statement.get(notElement)).stream().noneMatch(pattern -> glob(pattern, value, ignoreCase));
        }
        // a trust policy has no Resource: it applies to the role it is attached to
        if (absentMatches) {
            return true;
        }
        throw new IllegalArgumentException("statement has neither " + element + " nor " + notElement + ": " + statement);
    }

    /** Identity policies name no principal; a resource policy's statement must name the request's. */
    private static boolean matchesPrincipal(Map<String, Object> statement, String principal) {
        if (statement.containsKey("NotPrincipal")) {
            throw new IllegalArgumentException("NotPrincipal is not evaluated here: " + statement);
        }
        Object principals = statement.get("Principal");
        if (principals == null) {
            return true;
        }
        if (principal == null) {
            throw new IllegalArgumentException("a resource policy statement needs the request's principal: " + statement);
        }
        if ("*".equals(principals)) {
            return true;
        }
        if (!(principals instanceof Map<?, ?> byKind)) {
            throw new IllegalArgumentException("unreadable Principal " + principals);
        }
        for (Map.Entry<?, ?> entry : byKind.entrySet()) {
            for (String named : values(entry.getValue())) {
                boolean match = switch (String.valueOf(entry.getKey())) {
                    case "Service" -> named.equals(principal);
                    // an account (its id or its root) stands for every principal of it its own policies allow
                    case "AWS" -> named.equals("*") || named.equals(principal) || principal.startsWith("arn:")
                            && (named.equals(accountOf(principal)) || named.equals("arn:" + partitionOf(principal) + ":iam::"
                                    + accountOf(principal) + ":root"));
                    default -> throw new IllegalArgumentException("principal kind " + entry.getKey() + " is not evaluated here");
                };
                if (match) {
                    return true;
                }
            }
        }
        return false;
    }

    @SuppressWarnings("unchecked")
    private static boolean conditionsHold(Map<String, Object> statement, Request request) {
        Object conditions = statement.get("Condition");
        if (conditions == null) {
            return true;
        }
        for (Map.Entry<String, Object> byOperator : ((Map<String, Object>) conditions).entrySet()) {
            for (Map.Entry<String, Object> byKey : ((Map<String, Object>) byOperator.getValue()).entrySet()) {
                if (!holds(byOperator.getKey(), request.contextValue(byKey.getKey()), values(byKey.getValue()))) {
                    return false;
                }
            }
        }
        return true;
    }

    /** One condition: any of {@code expected} matches (the negated operators: none does); a missing key as IAM has it. */
    static boolean holds(String operator, String actual, List<String> expected) {
        String base = operator.endsWith("IfExists") ? operator.substring(0, operator.length() - "IfExists".length()) : operator;
        if (actual == null) {
            if (base.equals("Null")) {
                return expected.contains("true");
            }
            // IfExists: a key that is absent passes; otherwise only the negated operators pass without it
            return !base.equals(operator) || base.contains("Not");
        }
        return switch (base) {
            case "StringEquals", "ArnEquals" -> expected.contains(actual);
            case "StringNotEquals", "ArnNotEquals" -> !expected.contains(actual);
            case "StringEqualsIgnoreCase" -> expected.stream().anyMatch(actual::equalsIgnoreCase);
            case "StringNotEqualsIgnoreCase" -> expected.stream().noneMatch(actual::equalsIgnoreCase);
            case "StringLike" -> expected.stream().anyMatch(p -> glob(p, actual, false));
            case "StringNotLike" -> expected.stream().noneMatch(p -> glob(p, actual, false));
            case "ArnLike" -> expected.stream().anyMatch(p -> arnLike(p, actual));
            case "ArnNotLike" -> expected.stream().noneMatch(p -> arnLike(p, actual));
            case "Bool" -> expected.stream().anyMatch(actual::equalsIgnoreCase);
            case "Null" -> expected.contains("false");
            default -> throw new IllegalArgumentException("condition operator " + operator + " is not evaluated here");
        };
    }

    /** ArnLike: each of the six colon-separated parts matched on its own, so a wildcard does not cross a colon. */
    static boolean arnLike(String pattern, String arn) {
        String[] patternParts = pattern.split(":", 6);
        String[] arnParts = arn.split(":", 6);
        if (patternParts.length != 6 || arnParts.length != 6) {
            return false;
        }
        for (int i = 0; i < 6; i++) {
            if (!glob(patternParts[i], arnParts[i], false)) {
                return false;
            }
        }
        return true;
    }

    /** IAM's wildcards: {@code *} any run of characters, {@code ?} one character, the rest literal. */
    static boolean glob(String pattern, String value, boolean ignoreCase) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            if (c == '*' || c == '?') {
                regex.append(Pattern.quote(literal.toString())).append(c == '*' ? ".*" : ".");
                literal.setLength(0);
            } else {
                literal.append(c);
            }
        }
        regex.append(Pattern.quote(literal.toString()));
        return Pattern.compile(regex.toString(), Pattern.DOTALL | (ignoreCase ? Pattern.CASE_INSENSITIVE : 0)).matcher(value).matches();
    }

    private static List<String> values(Object element) {
        if (element instanceof List<?> list) {
            return list.stream().map(IamEvaluator::literal).toList();
        }
        return List.of(literal(element));
    }

    private static String literal(Object value) {
        if (value instanceof String || value instanceof Boolean || value instanceof Number) {
            return String.valueOf(value);
        }
        throw new IllegalArgumentException("not a resolved policy value (an unresolved intrinsic?): " + value);
    }

    private static String accountOf(String arn) {
        String[] parts = arn.split(":", 6);
        return parts.length == 6 ? parts[4] : "";
    }

    private static String partitionOf(String arn) {
        return arn.split(":", 6)[1].toLowerCase(Locale.ROOT);
    }
}
