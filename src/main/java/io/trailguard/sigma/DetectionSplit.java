package io.trailguard.sigma;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.trailguard.sigma.Expr.And;
import io.trailguard.sigma.Expr.Kind;
import io.trailguard.sigma.Expr.Match;
import io.trailguard.sigma.Expr.Not;
import io.trailguard.sigma.Expr.Or;
import io.trailguard.sigma.Expr.Value;

/**
 * A detection split into what an EventBridge pattern can hold (the {@code detail} part: fields that must match,
 * anything-but on fields every record has, one {@code $or}) and the {@code conditions} that must hold besides,
 * as {@code compare} predicates combined with {@code any}, {@code all} and {@code not}. The two together match
 * exactly the events the detection matches, but for case: values are matched with the case they are written in.
 */
record DetectionSplit(Map<String, Object> detail, List<Map<String, Object>> conditions) {

    /**
     * Fields every CloudTrail record has: only there is an anything-but the same as "not": on a field that may be
     * missing, event-ruler's anything-but fails where Sigma's "not" holds.
     */
    static final Set<String> ALWAYS_PRESENT = Set.of("eventSource", "eventName", "eventType", "awsRegion");

    /** Fields that are objects in a CloudTrail record: Sigma matches them as text, a pattern cannot. */
    static final Set<String> OBJECT_FIELDS = Set.of("userIdentity", "requestParameters", "responseElements", "additionalEventData",
            "resources", "serviceEventDetails", "tlsDetails", "sessionContext");

    static DetectionSplit of(Expr detection) throws NotConvertibleException {
        Builder builder = new Builder();
        List<Expr> conjuncts = new ArrayList<>();
        flatten(normal(detection, false), conjuncts);
        // the fields a match must have go to the pattern first, so that a later test of the same field is the condition
        for (Expr term : conjuncts) {
            if (term instanceof Match m && !m.negated()) {
                builder.positive(m);
            }
        }
        for (Expr term : conjuncts) {
            if (term instanceof Match m && m.negated()) {
                builder.negative(m);
            } else if (term instanceof Or or) {
                builder.or(or);
            }
        }
        return new DetectionSplit(builder.detail, builder.conditions);
    }

    /** Negations pushed down to the field matches (De Morgan), so every {@code not} left is on one match. */
    private static Expr normal(Expr expr, boolean negate) {
        if (expr instanceof Not not) {
            return normal(not.term(), !negate);
        }
        if (expr instanceof Match match) {
            return negate ? match.negate() : match;
        }
        boolean and = (expr instanceof And) != negate;
        List<Expr> terms = new ArrayList<>();
        for (Expr term : expr instanceof And a ? a.terms() : ((Or) expr).terms()) {
            Expr normal = normal(term, negate);
            // an or of ors is one or (and likewise and): fewer levels of any/all in the conditions
            if (and && normal instanceof And inner) {
                terms.addAll(inner.terms());
            } else if (!and && normal instanceof Or inner) {
                terms.addAll(inner.terms());
            } else {
                terms.add(normal);
            }
        }
        return and ? new And(terms) : new Or(terms);
    }

    /** The terms of a conjunction, nested ands opened and {@code |all} matches split into one match per value. */
    private static void flatten(Expr expr, List<Expr> into) {
        if (expr instanceof And and) {
            and.terms().forEach(t -> flatten(t, into));
        } else if (expr instanceof Or or && or.terms().size() == 1) {
            flatten(or.terms().get(0), into);
        } else if (expr instanceof Match m && m.all() && !m.negated() && m.values().size() > 1) {
            into.addAll(m.split());
        } else {
            into.add(expr);
        }
    }

    private static final class Builder {

        final Map<String, Object> detail = new LinkedHashMap<>();
        final List<Map<String, Object>> conditions = new ArrayList<>();
        final Set<String> used = new LinkedHashSet<>();
        boolean orUsed;

        void positive(Match m) throws NotConvertibleException {
            if (patternable(m) && used.add(m.field())) {
                put(detail, m.field(), patternValues(m));
            } else {
                conditions.add(condition(m));
            }
        }

        void negative(Match m) throws NotConvertibleException {
            boolean exact = !m.all() && m.values().stream().allMatch(v -> v.kind() == Kind.EQUALS && v.value() instanceof String);
            if (exact && ALWAYS_PRESENT.contains(m.field()) && used.add(m.field())) {
                put(detail, m.field(), List.of(Map.of("anything-but", m.values().stream().map(Value::value).toList())));
            } else {
                conditions.add(condition(m));
            }
        }

        void or(Or or) throws NotConvertibleException {
            // any of several values of one field: one field of the pattern with all of them
            String field = sameField(or);
            if (field != null && !used.contains(field)) {
                List<Object> values = new ArrayList<>();
                for (Expr term : or.terms()) {
                    values.addAll(patternValues((Match) term));
                }
                used.add(field);
                put(detail, field, values);
                return;
            }
            List<Map<String, Object>> branches = orUsed ? null : branches(or);
            if (branches != null) {
                orUsed = true;
                detail.put("$or", branches);
                return;
            }
            conditions.add(condition(or));
        }

        /** The field every term of the or matches positively, as a pattern can, or null. */
        private static String sameField(Or or) {
            String field = null;
            for (Expr term : or.terms()) {
                if (!(term instanceof Match m) || m.negated() || !patternable(m) || (field != null && !field.equals(m.field()))) {
                    return null;
                }
                field = m.field();
            }
            return field;
        }

        /** The or as {@code $or} branches of positive matches on fields the pattern does not use yet, or null. */
        private List<Map<String, Object>> branches(Or or) {
            List<Map<String, Object>> branches = new ArrayList<>();
            Set<String> fields = new LinkedHashSet<>();
            for (Expr term : or.terms()) {
                List<Expr> matches = new ArrayList<>();
                flatten(term, matches);
                Map<String, Object> branch = new LinkedHashMap<>();
                Set<String> own = new LinkedHashSet<>();
                for (Expr match : matches) {
                    if (!(match instanceof Match m) || m.negated() || !patternable(m) || used.contains(m.field()) || !own.add(m.field())) {
                        return null;
                    }
                    put(branch, m.field(), patternValues(m));
                }
                fields.addAll(own);
                branches.add(branch);
            }
            used.addAll(fields);
            return branches;
        }
    }

    /** Whether event-ruler can match the field's values: not a regex, not a field that holds an object. */
    private static boolean patternable(Match m) {
        return !OBJECT_FIELDS.contains(m.field()) && !(m.all() && m.values().size() > 1)
                && m.values().stream().noneMatch(v -> v.kind() == Kind.REGEX);
    }

    private static List<Object> patternValues(Match m) {
        List<Object> values = new ArrayList<>();
        for (Value v : m.values()) {
            values.add(switch (v.kind()) {
                case EQUALS -> v.value();
                case PREFIX -> Map.of("prefix", v.value());
                case SUFFIX -> Map.of("suffix", v.value());
                case CONTAINS -> Map.of("wildcard", ((String) v.value()).isEmpty() ? "*"
                        : "*" + ((String) v.value()).replace("\\", "\\\\").replace("*", "\\*") + "*");
                case WILDCARD -> Map.of("wildcard", v.value());
                case EXISTS -> Map.of("exists", v.value());
                case CIDR -> Map.of("cidr", v.value());
                case REGEX -> throw new IllegalStateException("a regex is not patternable");
            });
        }
        return values;
    }

    /** Puts a dotted field's values in a pattern map, nesting one map per path element. */
    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> pattern, String field, List<Object> values) {
        String[] path = field.split("\\.");
        Map<String, Object> at = pattern;
        for (int i = 0; i < path.length - 1; i++) {
            at = (Map<String, Object>) at.computeIfAbsent(path[i], k -> new LinkedHashMap<String, Object>());
        }
        at.put(path[path.length - 1], values);
    }

    /** An expression as a condition entry: a compare predicate, or any/all/not of them. */
    static Map<String, Object> condition(Expr expr) throws NotConvertibleException {
        if (expr instanceof And and) {
            return Map.of("all", conditions(and.terms()));
        }
        if (expr instanceof Or or) {
            return Map.of("any", conditions(or.terms()));
        }
        if (expr instanceof Not not) {
            return Map.of("not", condition(not.term()));
        }
        Match m = (Match) expr;
        List<Map<String, Object>> each = new ArrayList<>();
        for (Value v : m.values()) {
            Map<String, Object> compare = compare(m.field(), v);
            each.add(m.negated() ? Map.of("not", compare) : compare);
        }
        if (each.size() == 1) {
            return each.get(0);
        }
        // any of the values; negated, none of them; |all: every value; negated, not every one
        return Map.of(m.all() != m.negated() ? "all" : "any", each);
    }

    private static List<Map<String, Object>> conditions(List<Expr> terms) throws NotConvertibleException {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Expr term : terms) {
            out.add(condition(term));
        }
        return out;
    }

    private static Map<String, Object> compare(String field, Value v) throws NotConvertibleException {
        Map<String, Object> compare = new LinkedHashMap<>();
        compare.put("predicate", "compare");
        compare.put("pointer", pointer(field));
        switch (v.kind()) {
            case EQUALS -> compare.put("op", "eq");
            case PREFIX -> compare.put("op", "starts-with");
            case SUFFIX -> compare.put("op", "ends-with");
            case CONTAINS -> compare.put("op", "contains");
            case REGEX -> compare.put("op", "matches");
            case WILDCARD -> {
                compare.put("op", "matches");
                compare.put("value", wildcardRegex((String) v.value()));
                return compare;
            }
            case EXISTS -> {
                compare.put("op", (Boolean) v.value() ? "exists" : "absent");
                return compare;
            }
            case CIDR -> throw new NotConvertibleException("field " + field + ": a cidr match that the pattern cannot hold "
                    + "(negated, or beside another test of the field) has no predicate");
        }
        compare.put("value", v.value());
        return compare;
    }

    /** The JSON pointer of a record field in the EventBridge event: under /detail, each path element escaped (RFC 6901). */
    static String pointer(String field) {
        StringBuilder pointer = new StringBuilder("/detail");
        for (String element : field.split("\\.")) {
            pointer.append('/').append(element.replace("~", "~0").replace("/", "~1"));
        }
        return pointer.toString();
    }

    /** An event-ruler wildcard (literal * and \ escaped by \) as an anchored Java regex. */
    private static String wildcardRegex(String wildcard) {
        StringBuilder regex = new StringBuilder("^");
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < wildcard.length(); i++) {
            char c = wildcard.charAt(i);
            if (c == '\\' && i + 1 < wildcard.length()) {
                literal.append(wildcard.charAt(++i));
            } else if (c == '*') {
                regex.append(literal.isEmpty() ? "" : java.util.regex.Pattern.quote(literal.toString())).append(".*");
                literal.setLength(0);
            } else {
                literal.append(c);
            }
        }
        if (!literal.isEmpty()) {
            regex.append(java.util.regex.Pattern.quote(literal.toString()));
        }
        return regex.append("$").toString();
    }
}
