package io.trailguard.sigma;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.trailguard.sigma.Expr.And;
import io.trailguard.sigma.Expr.Kind;
import io.trailguard.sigma.Expr.Match;
import io.trailguard.sigma.Expr.Not;
import io.trailguard.sigma.Expr.Or;
import io.trailguard.sigma.Expr.Value;

/**
 * A Sigma rule's {@code detection}: its named selections read as field matches, and its {@code condition}
 * (and, or, not, parentheses, {@code 1 of x*}, {@code all of them}) parsed over them into one {@link Expr}.
 */
final class SigmaDetection {

    private static final Set<String> MODIFIERS = Set.of("contains", "startswith", "endswith", "all", "re", "cased", "exists",
            "cidr", "i", "m", "s");
    private static final Pattern TOKEN = Pattern.compile("\\s*(\\(|\\)|\\||[^\\s()|]+)");

    private final Map<String, Expr> selections = new LinkedHashMap<>();

    private SigmaDetection() {
    }

    /** The detection's condition over its selections, with every name resolved. */
    static Expr parse(JsonNode detection) throws NotConvertibleException {
        if (!detection.isObject()) {
            throw new NotConvertibleException("detection is not a map");
        }
        if (detection.has("timeframe")) {
            throw new NotConvertibleException("timeframe: a detection over a time window (use a rule threshold by hand)");
        }
        SigmaDetection parsed = new SigmaDetection();
        for (Iterator<Map.Entry<String, JsonNode>> it = detection.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (!entry.getKey().equals("condition")) {
                parsed.selections.put(entry.getKey(), selection(entry.getKey(), entry.getValue()));
            }
        }
        JsonNode condition = detection.path("condition");
        if (condition.isTextual()) {
            return parsed.condition(condition.asText());
        }
        if (condition.isArray() && !condition.isEmpty()) {
            // a list of conditions: the rule matches when any does
            List<Expr> any = new ArrayList<>();
            for (JsonNode one : condition) {
                any.add(parsed.condition(one.asText()));
            }
            return any.size() == 1 ? any.get(0) : new Or(any);
        }
        throw new NotConvertibleException("detection has no condition");
    }

    /** A selection: a map is all of its fields, a list of maps any of them; a list of words is a keyword search. */
    private static Expr selection(String name, JsonNode node) throws NotConvertibleException {
        if (node.isObject()) {
            List<Expr> fields = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> field = it.next();
                fields.add(match(name, field.getKey(), field.getValue()));
            }
            if (fields.isEmpty()) {
                throw new NotConvertibleException("selection " + name + " is empty");
            }
            return fields.size() == 1 ? fields.get(0) : new And(fields);
        }
        if (node.isArray() && !node.isEmpty()) {
            List<Expr> any = new ArrayList<>();
            for (JsonNode element : node) {
                if (!element.isObject()) {
                    throw new NotConvertibleException("selection " + name + " is a keyword search (values without a field): "
                            + "a pattern needs a field to match");
                }
                any.add(selection(name, element));
            }
            return any.size() == 1 ? any.get(0) : new Or(any);
        }
        throw new NotConvertibleException("selection " + name + " is neither a map nor a list of maps");
    }

    private static Match match(String selection, String key, JsonNode node) throws NotConvertibleException {
        String[] parts = key.split("\\|");
        String field = parts[0];
        if (field.isBlank()) {
            throw new NotConvertibleException("selection " + selection + " has a value without a field (" + key + ")");
        }
        Set<String> modifiers = new java.util.LinkedHashSet<>();
        for (int i = 1; i < parts.length; i++) {
            if (!MODIFIERS.contains(parts[i])) {
                throw new NotConvertibleException("field " + key + ": modifier |" + parts[i] + " has no pattern or predicate form");
            }
            modifiers.add(parts[i]);
        }
        long kinds = modifiers.stream().filter(m -> Set.of("contains", "startswith", "endswith", "re", "exists", "cidr").contains(m)).count();
        if (kinds > 1) {
            throw new NotConvertibleException("field " + key + ": modifiers that cannot combine");
        }
        List<JsonNode> raw = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(raw::add);
        } else {
            raw.add(node);
        }
        if (raw.isEmpty()) {
            throw new NotConvertibleException("field " + key + " has an empty list of values");
        }
        List<Value> values = new ArrayList<>();
        for (JsonNode value : raw) {
            values.add(value(key, modifiers, value));
        }
        return new Match(field, values, modifiers.contains("all"), false);
    }

    private static Value value(String key, Set<String> modifiers, JsonNode node) throws NotConvertibleException {
        if (node.isContainerNode()) {
            throw new NotConvertibleException("field " + key + " has a value that is a list or map");
        }
        if (modifiers.contains("exists")) {
            if (!node.isBoolean()) {
                throw new NotConvertibleException("field " + key + ": |exists takes true or false");
            }
            return Value.exists(node.asBoolean());
        }
        if (node.isNull()) {
            // Sigma's null: the field is not there
            return Value.exists(false);
        }
        if (modifiers.contains("re")) {
            String flags = (modifiers.contains("i") ? "i" : "") + (modifiers.contains("m") ? "m" : "") + (modifiers.contains("s") ? "s" : "");
            String regex = (flags.isEmpty() ? "" : "(?" + flags + ")") + node.asText();
            try {
                Pattern.compile(regex);
            } catch (java.util.regex.PatternSyntaxException e) {
                throw new NotConvertibleException("field " + key + ": regular expression that Java cannot compile: " + e.getDescription());
            }
            return new Value(Kind.REGEX, regex);
        }
        if (modifiers.contains("cidr")) {
            return new Value(Kind.CIDR, node.asText());
        }
        if (!node.isTextual()) {
            if (modifiers.contains("contains") || modifiers.contains("startswith") || modifiers.contains("endswith")) {
                return glob(node.asText(), modifiers.contains("contains") || modifiers.contains("endswith"),
                        modifiers.contains("contains") || modifiers.contains("startswith"));
            }
            return new Value(Kind.EQUALS, node.isNumber() ? node.numberValue() : node.asBoolean());
        }
        return glob(node.asText(), modifiers.contains("contains") || modifiers.contains("endswith"),
                modifiers.contains("contains") || modifiers.contains("startswith"));
    }

    /**
     * A Sigma string value (where {@code *} and {@code ?} are wildcards unless escaped by {@code \}) as the simplest
     * kind of match that means the same: exact, prefix, suffix, contains, an event-ruler wildcard, else a regex.
     */
    static Value glob(String sigma, boolean leadingStar, boolean trailingStar) {
        List<String> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        if (leadingStar) {
            parts.add("*");
        }
        for (int i = 0; i < sigma.length(); i++) {
            char c = sigma.charAt(i);
            if (c == '\\' && i + 1 < sigma.length() && "*?\\".indexOf(sigma.charAt(i + 1)) >= 0) {
                literal.append(sigma.charAt(++i));
            } else if (c == '*' || c == '?') {
                if (!literal.isEmpty()) {
                    parts.add("=" + literal);
                    literal.setLength(0);
                }
                parts.add(String.valueOf(c));
            } else {
                literal.append(c);
            }
        }
        if (!literal.isEmpty()) {
            parts.add("=" + literal);
        }
        if (trailingStar) {
            parts.add("*");
        }
        List<String> collapsed = new ArrayList<>();
        for (String part : parts) {
            if (!(part.equals("*") && !collapsed.isEmpty() && collapsed.get(collapsed.size() - 1).equals("*"))) {
                collapsed.add(part);
            }
        }
        if (collapsed.contains("?")) {
            StringBuilder regex = new StringBuilder("^");
            for (String part : collapsed) {
                regex.append(part.equals("*") ? ".*" : part.equals("?") ? "." : Pattern.quote(part.substring(1)));
            }
            return new Value(Kind.REGEX, regex.append("$").toString());
        }
        int stars = (int) collapsed.stream().filter("*"::equals).count();
        if (stars == 0) {
            return new Value(Kind.EQUALS, collapsed.isEmpty() ? "" : collapsed.get(0).substring(1));
        }
        if (collapsed.size() == 2 && collapsed.get(1).equals("*")) {
            return new Value(Kind.PREFIX, collapsed.get(0).substring(1));
        }
        if (collapsed.size() == 2 && collapsed.get(0).equals("*")) {
            return new Value(Kind.SUFFIX, collapsed.get(1).substring(1));
        }
        if (collapsed.size() == 3 && stars == 2 && collapsed.get(0).equals("*")) {
            return new Value(Kind.CONTAINS, collapsed.get(1).substring(1));
        }
        StringBuilder wildcard = new StringBuilder();
        for (String part : collapsed) {
            wildcard.append(part.equals("*") ? "*" : part.substring(1).replace("\\", "\\\\").replace("*", "\\*"));
        }
        return new Value(Kind.WILDCARD, wildcard.toString());
    }

    // the condition: or := and ('or' and)*; and := unary ('and' unary)*; unary := 'not' unary | '(' or ')' | quantifier | name

    private List<String> tokens;
    private int at;

    private Expr condition(String text) throws NotConvertibleException {
        tokens = new ArrayList<>();
        Matcher token = TOKEN.matcher(text);
        while (token.lookingAt()) {
            tokens.add(token.group(1));
            token.region(token.end(), text.length());
        }
        if (!text.substring(token.regionStart()).isBlank()) {
            throw new NotConvertibleException("condition '" + text + "' cannot be read");
        }
        if (tokens.contains("|")) {
            throw new NotConvertibleException("condition '" + text + "' aggregates (| count() …): a correlation over several events, "
                    + "not a match on one (use a rule threshold by hand)");
        }
        at = 0;
        Expr expr = or(text);
        if (at < tokens.size()) {
            throw new NotConvertibleException("condition '" + text + "': unexpected '" + tokens.get(at) + "'");
        }
        return expr;
    }

    private Expr or(String text) throws NotConvertibleException {
        List<Expr> terms = new ArrayList<>(List.of(and(text)));
        while (peek("or")) {
            at++;
            terms.add(and(text));
        }
        return terms.size() == 1 ? terms.get(0) : new Or(terms);
    }

    private Expr and(String text) throws NotConvertibleException {
        List<Expr> terms = new ArrayList<>(List.of(unary(text)));
        while (peek("and")) {
            at++;
            terms.add(unary(text));
        }
        return terms.size() == 1 ? terms.get(0) : new And(terms);
    }

    private Expr unary(String text) throws NotConvertibleException {
        if (at >= tokens.size()) {
            throw new NotConvertibleException("condition '" + text + "' ends too soon");
        }
        String token = tokens.get(at++);
        if (token.equalsIgnoreCase("not")) {
            return new Not(unary(text));
        }
        if (token.equals("(")) {
            Expr inner = or(text);
            if (!peek(")")) {
                throw new NotConvertibleException("condition '" + text + "': a parenthesis is not closed");
            }
            at++;
            return inner;
        }
        if ((token.equals("1") || token.equalsIgnoreCase("any") || token.equalsIgnoreCase("all")) && peek("of")) {
            at++;
            if (at >= tokens.size()) {
                throw new NotConvertibleException("condition '" + text + "': '" + token + " of' names nothing");
            }
            List<Expr> named = named(tokens.get(at++), text);
            if (named.size() == 1) {
                return named.get(0);
            }
            return token.equalsIgnoreCase("all") ? new And(named) : new Or(named);
        }
        if (Set.of("and", "or", "of", ")").contains(token.toLowerCase())) {
            throw new NotConvertibleException("condition '" + text + "': unexpected '" + token + "'");
        }
        Expr selection = selections.get(token);
        if (selection == null) {
            throw new NotConvertibleException("condition '" + text + "' names " + token + ", which is no selection of the detection");
        }
        return selection;
    }

    /** The selections a quantifier names: {@code them} (all but those starting with _) or a name with * wildcards. */
    private List<Expr> named(String name, String text) throws NotConvertibleException {
        Pattern glob = Pattern.compile(name.equals("them") ? "[^_].*" : Pattern.quote(name).replace("*", "\\E.*\\Q"));
        List<Expr> named = new ArrayList<>();
        selections.forEach((key, selection) -> {
            if (glob.matcher(key).matches()) {
                named.add(selection);
            }
        });
        if (named.isEmpty()) {
            throw new NotConvertibleException("condition '" + text + "': no selection is named like " + name);
        }
        return named;
    }

    private boolean peek(String word) {
        return at < tokens.size() && tokens.get(at).equalsIgnoreCase(word);
    }
}
