package io.trailguard.rules;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.trailguard.event.JsonText;
import io.trailguard.policy.CommonSettings;
import io.trailguard.policy.Exemptions;
import io.trailguard.policy.FailedCalls;
import io.trailguard.policy.HandlerNames;
import io.trailguard.policy.Mode;
import io.trailguard.policy.RateLimit;
import io.trailguard.policy.Severity;
import io.trailguard.policy.Threshold;
import software.amazon.event.ruler.JsonRuleCompiler;
import software.amazon.event.ruler.Patterns;
import software.amazon.event.ruler.RuleCompiler;

/**
 * Reads a rules file into {@link DeclaredRule}s, checking every field: each problem is one line naming the rule, the
 * field and the reason ({@code rule x, field actions[0].name: unknown action …}), and every problem is told, not the first.
 */
public final class RuleReader {

    static final List<String> FIELDS = List.of("name", "handler", "description", "severity", "mode", "pattern", "conditions",
            "resource", "finding", "actions", "exemptions", "alert-targets", "failed-calls", "read-only-events", "threshold",
            "rate-limit", "attack", "runbook");

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");
    private static final Pattern ATTACK = Pattern.compile("T\\d{4}(\\.\\d{3})?");
    private static final Pattern WINDOW = Pattern.compile("(\\d+)([smhd])");
    private static final ObjectMapper YAML = new YAMLMapper();
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    /**
     * What checked a JSON rules file that {@code validate-rules --json} wrote: its patterns were compiled by this
     * event-ruler then, so start-up leaves them to be compiled when an event first needs them (a fifth of reading the
     * 100 benchmark rules). Change it with the check or event-ruler's version ({@code RuleCheckMarkTest} holds the latter).
     */
    public static final String CHECKED_BY = "trailguard validate-rules 1, event-ruler 2.1.0";

    /** The top-level key of that mark, written after the rules: {@code "checked": {"by": …, "crc32c": …}}. */
    static final String CHECKED = "checked";

    private final Set<String> actionNames;
    private final String function;
    private final List<String> problems = new ArrayList<>();
    /** The text being read carries a valid mark of {@link #CHECKED_BY}. */
    private boolean checkedOffline;

    private RuleReader(Set<String> actionNames, String function) {
        this.actionNames = new TreeSet<>(actionNames);
        this.function = function;
    }

    /** The rules of one file; its problems are added to {@code problems}, and no rule with a problem is returned. */
    public static List<DeclaredRule> read(RuleText text, Set<String> actionNames, List<String> problems) {
        return read(text, actionNames, HandlerNames.ALL, problems);
    }

    /**
     * As {@link #read(RuleText, Set, List)} in the binary of one {@code function} ({@code -Dtrailguard.function}): a rule
     * for another handler is left out unread, since the actions it names are in that handler's binary, not in this one.
     */
    public static List<DeclaredRule> read(RuleText text, Set<String> actionNames, String function, List<String> problems) {
        RuleReader reader = new RuleReader(actionNames, function);
        List<DeclaredRule> rules = reader.read(text);
        problems.addAll(reader.problems);
        return rules;
    }

    /**
     * The text's tree. JSON is YAML, and Jackson's JSON parser reads it several times faster than SnakeYAML: a text that
     * opens with {@code {} is tried as JSON first; one that is not JSON (a YAML flow map, a typo) is read as YAML, as
     * before, so its tree and its problem are the same.
     */
    static JsonNode tree(RuleText text) throws IOException {
        if (text.json() || opensAsJson(text.yaml())) {
            try {
                return JSON.readTree(text.yaml());
            } catch (IOException e) {
                if (text.json()) {
                    throw e;
                }
            }
        }
        return YAML.readTree(text.yaml());
    }

    /**
     * The text followed by the mark {@code validate-rules --json} writes after its rules: the check's name and a CRC-32C
     * of every byte before the mark. A file edited since (by hand, or by another trailguard) is checked in full.
     */
    static String withMark(String rulesObject) {
        String open = rulesObject.substring(0, rulesObject.lastIndexOf('}'));
        return open + ",\"" + CHECKED + "\":{\"by\":\"" + CHECKED_BY + "\",\"crc32c\":\"" + crc32c(open) + "\"}}";
    }

    private static boolean carriesMark(String text, JsonNode mark) {
        int at = text.lastIndexOf(",\"" + CHECKED + "\":");
        return at > 0 && mark.isObject() && CHECKED_BY.equals(mark.path("by").asText(null))
                && crc32c(text.substring(0, at)).equals(mark.path("crc32c").asText(null));
    }

    private static String crc32c(String text) {
        CRC32C crc = new CRC32C();
        crc.update(text.getBytes(StandardCharsets.UTF_8));
        return String.format("%08x", crc.getValue());
    }

    private static boolean opensAsJson(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!Character.isWhitespace(c)) {
                return c == '{';
            }
        }
        return false;
    }

    private List<DeclaredRule> read(RuleText text) {
        JsonNode root;
        try {
            root = tree(text);
        } catch (IOException e) {
            problems.add(text.origin() + ": not YAML: " + e.getMessage().lines().findFirst().orElse(""));
            return List.of();
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return List.of();
        }
        if (!root.isObject() || !root.path("rules").isArray()) {
            problems.add(text.origin() + ": a rules file holds one key, rules:, with a list of rules");
            return List.of();
        }
        root.fieldNames().forEachRemaining(f -> {
            if (!"rules".equals(f) && !CHECKED.equals(f)) {
                problems.add(text.origin() + ": unknown top-level key " + f + " (known: rules, checked)");
            }
        });
        checkedOffline = root.has(CHECKED) && carriesMark(text.yaml(), root.get(CHECKED));
        List<DeclaredRule> rules = new ArrayList<>();
        int index = 0;
        for (JsonNode node : root.path("rules")) {
            rule(node, text.origin() + " rules[" + index++ + "]").ifPresent(rules::add);
        }
        return rules;
    }

    private Optional<DeclaredRule> rule(JsonNode node, String where) {
        if (!node.isObject()) {
            problems.add(where + ": a rule is a map of fields, not " + node.getNodeType().name().toLowerCase(Locale.ROOT));
            return Optional.empty();
        }
        if (!HandlerNames.ALL.equals(function) && node.path("handler").isTextual()
                && HandlerNames.POLICY_HANDLERS.contains(node.path("handler").asText()) && !function.equals(node.path("handler").asText())) {
            return Optional.empty();
        }
        String name = node.path("name").isTextual() ? node.path("name").asText() : null;
        Field field = new Field(name == null ? where : "rule " + name);
        int before = problems.size();
        node.fieldNames().forEachRemaining(f -> {
            if (!FIELDS.contains(f)) {
                field.problem(f, "unknown field" + knownNames(FIELDS));
            }
        });
        if (name == null) {
            field.problem("name", "required, kebab-case");
        } else if (!NAME.matcher(name).matches()) {
            field.problem("name", name + " is not kebab-case (lower-case words joined by -)");
        }
        String handler = required(node, "handler", field);
        if (handler != null && !HandlerNames.POLICY_HANDLERS.contains(handler)) {
            field.problem("handler", "unknown handler " + handler + " (known: " + String.join(", ", HandlerNames.POLICY_HANDLERS) + ")");
        }
        String description = required(node, "description", field);
        Severity severity = oneOf(node, "severity", Severity.class, null, field);
        if (!node.has("severity")) {
            field.problem("severity", "required: info | low | medium | high | critical");
        }
        Mode mode = oneOf(node, "mode", Mode.class, Mode.DRY_RUN, field);
        CheckedPattern pattern = pattern(node.get("pattern"), name, field);
        Condition condition = Condition.all(conditions(node.get("conditions"), "conditions", field));
        Optional<String> resourceType = Optional.empty();
        Optional<Template> resourceId = Optional.empty();
        JsonNode resource = node.get("resource");
        if (resource != null) {
            known(resource, "resource", List.of("type", "id"), field);
            resourceType = Optional.ofNullable(text(resource.get("type"), "resource.type", field));
            resourceId = Optional.ofNullable(template(resource.get("id"), "resource.id", field));
            if (resourceType.isEmpty()) {
                field.problem("resource.type", "required: a resource type (AWS::S3::Bucket) or a label");
            }
        }
        Template finding = required(node, "finding", field) == null ? null : template(node.get("finding"), "finding", field);
        List<ActionTemplate> actions = actions(node.get("actions"), field);
        Exemptions exemptions = exemptions(node.get("exemptions"), field);
        List<String> alertTargets = strings(node.get("alert-targets"), "alert-targets", field);
        alertTargets.stream().filter(t -> !CommonSettings.ALERT_TARGET_NAMES.contains(t) && !"none".equals(t)).forEach(t -> field
                .problem("alert-targets", "unknown alert target " + t + " (known: " + String.join(", ", CommonSettings.ALERT_TARGET_NAMES) + ", none)"));
        FailedCalls failedCalls = oneOf(node, "failed-calls", FailedCalls.class, FailedCalls.SKIP, field);
        boolean readOnly = bool(node.get("read-only-events"), "read-only-events", field);
        Optional<Threshold> threshold = threshold(node.get("threshold"), field);
        Optional<RateLimit> rateLimit = rateLimit(node.get("rate-limit"), field);
        List<String> attack = strings(node.get("attack"), "attack", field);
        attack.stream().filter(t -> !ATTACK.matcher(t).matches())
                .forEach(t -> field.problem("attack", t + " is not a MITRE ATT&CK technique id (Tnnnn or Tnnnn.nnn)"));
        Optional<String> runbook = Optional.ofNullable(text(node.get("runbook"), "runbook", field));
        runbook.filter(r -> !r.startsWith("https://") && !r.startsWith("http://"))
                .ifPresent(r -> field.problem("runbook", "a link (https://…), not " + r));
        if (problems.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new DeclaredRule(name, handler, description, severity, mode, pattern, condition, resourceType, resourceId,
                finding, actions, exemptions, alertTargets, failedCalls, readOnly, threshold, rateLimit, attack, runbook));
    }

    /** Names the rule in each problem it is told. */
    private final class Field {
        private final String rule;

        Field(String rule) {
            this.rule = rule;
        }

        void problem(String field, String reason) {
            problems.add(rule + ", field " + field + ": " + reason);
        }
    }

    private CheckedPattern pattern(JsonNode node, String name, Field field) {
        if (node == null) {
            field.problem("pattern", "required: an EventBridge event pattern");
            return null;
        }
        String json;
        JsonNode tree;
        try {
            tree = node.isTextual() ? JSON.readTree(node.asText()) : node;
            json = JsonText.of(JSON, tree);
        } catch (IOException e) {
            field.problem("pattern", "not JSON: " + e.getMessage().lines().findFirst().orElse(""));
            return null;
        }
        if (tree == null || !tree.isObject()) {
            field.problem("pattern", "an event pattern is a map of fields");
            return null;
        }
        if (checkedOffline) {
            return new CheckedPattern(json, tree, null); // compiled when validate-rules wrote it; again when an event needs it
        }
        try {
            return new CheckedPattern(json, tree, compile(name == null ? "rule" : name, json));
        } catch (IOException | RuntimeException e) {
            field.problem("pattern", "event-ruler rejects it: " + e.getMessage());
            return null;
        }
    }

    /** The largest sub-rule (fields of one branch of an $or) a machine takes: GenericMachine's MAXIMUM_RULE_SIZE. */
    public static final int MAXIMUM_RULE_SIZE = 256;

    /**
     * Throws what {@code Machine.addRule} would for the pattern, with the same message, without building a machine
     * (adding it was most of the check's cost, and the registry adds it again): addRule compiles the pattern as
     * JSON (as the legacy format when it is no JSON), then refuses a sub-rule of more than {@value #MAXIMUM_RULE_SIZE} fields.
     */
    public static void compiles(String name, String json) throws IOException {
        compile(name, json);
    }

    /** As {@link #compiles}, returning the sub-rules addRule would add, one per branch of an $or. */
    public static List<Map<String, List<Patterns>>> compile(String name, String json) throws IOException {
        List<Map<String, List<Patterns>>> rules;
        try {
            rules = JsonRuleCompiler.compile(json, true);
        } catch (JsonParseException e) {
            rules = List.of(RuleCompiler.compile(json, true));
        }
        for (Map<String, List<Patterns>> rule : rules) {
            if (rule.size() > MAXIMUM_RULE_SIZE) {
                throw new RuntimeException("Size of rule '" + name + "' exceeds max value of " + MAXIMUM_RULE_SIZE);
            }
        }
        return rules;
    }

    private List<Condition> conditions(JsonNode node, String at, Field field) {
        List<Condition> conditions = new ArrayList<>();
        if (node == null) {
            return conditions;
        }
        if (!node.isArray()) {
            field.problem(at, "a list of conditions");
            return conditions;
        }
        int i = 0;
        for (JsonNode entry : node) {
            condition(entry, at + "[" + i++ + "]", field).ifPresent(conditions::add);
        }
        return conditions;
    }

    private Optional<Condition> condition(JsonNode entry, String at, Field field) {
        if (!entry.isObject()) {
            field.problem(at, "a condition is a map: predicate, any, all or not");
            return Optional.empty();
        }
        if (entry.has("any") || entry.has("all")) {
            String kind = entry.has("any") ? "any" : "all";
            known(entry, at, List.of(kind), field);
            List<Condition> inner = conditions(entry.get(kind), at + "." + kind, field);
            return Optional.of(kind.equals("any") ? Condition.any(inner) : Condition.all(inner));
        }
        if (entry.has("not")) {
            known(entry, at, List.of("not"), field);
            return condition(entry.get("not"), at + ".not", field).map(Condition::not);
        }
        String name = entry.path("predicate").asText("");
        Predicates.Definition definition = Predicates.all().get(name);
        if (definition == null) {
            field.problem(at + ".predicate", (name.isEmpty() ? "required" : "unknown predicate " + name) + " (known: "
                    + String.join(", ", Predicates.all().keySet()) + ")");
            return Optional.empty();
        }
        List<String> allowed = new ArrayList<>(definition.parameters());
        allowed.add("predicate");
        known(entry, at, allowed, field);
        JsonPointer pointer = null;
        String pointerText = entry.path(Predicates.POINTER).asText("");
        try {
            pointer = pointerText.isEmpty() ? null : JsonPointer.compile(pointerText);
        } catch (IllegalArgumentException e) {
            field.problem(at + ".pointer", "not a JSON pointer: " + e.getMessage());
            return Optional.empty();
        }
        if (pointer == null) {
            field.problem(at + ".pointer", "required: a JSON pointer into the event (/detail/requestParameters/policy)");
            return Optional.empty();
        }
        List<String> reasons = new ArrayList<>();
        Condition condition = definition.builder().build(entry, pointer, reasons);
        reasons.forEach(r -> field.problem(at + "." + r.substring(0, r.indexOf(':')), r.substring(r.indexOf(':') + 2)));
        return Optional.of(condition);
    }

    private List<ActionTemplate> actions(JsonNode node, Field field) {
        List<ActionTemplate> actions = new ArrayList<>();
        if (node == null) {
            return actions;
        }
        if (!node.isArray()) {
            field.problem("actions", "a list of actions");
            return actions;
        }
        int i = 0;
        for (JsonNode entry : node) {
            String at = "actions[" + i++ + "]";
            known(entry, at, List.of("name", "params"), field);
            String name = entry.path("name").asText("");
            if (!actionNames.contains(name)) {
                field.problem(at + ".name", (name.isEmpty() ? "required" : "unknown action " + name) + knownNames(actionNames));
                continue;
            }
            Map<String, Object> params = new LinkedHashMap<>();
            JsonNode given = entry.path("params");
            for (Iterator<Map.Entry<String, JsonNode>> it = given.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> param = it.next();
                String p = at + ".params." + param.getKey();
                JsonNode value = param.getValue();
                if (value.isTextual()) {
                    params.put(param.getKey(), template(value, p, field));
                } else if (value.isArray()) {
                    List<Template> items = new ArrayList<>();
                    value.forEach(v -> items.add(template(v, p, field)));
                    params.put(param.getKey(), items);
                } else if (value.isObject()) {
                    Map<String, Template> items = new LinkedHashMap<>();
                    value.fields().forEachRemaining(e -> items.put(e.getKey(), template(e.getValue(), p + "." + e.getKey(), field)));
                    params.put(param.getKey(), items);
                } else {
                    field.problem(p, "a string, a list of strings or a string map");
                }
            }
            actions.add(new ActionTemplate(name, params));
        }
        return actions;
    }

    private Exemptions exemptions(JsonNode node, Field field) {
        if (node == null) {
            return Exemptions.NONE;
        }
        known(node, "exemptions", List.of("principals", "accounts", "resources"), field);
        return new Exemptions(strings(node.get("principals"), "exemptions.principals", field),
                strings(node.get("accounts"), "exemptions.accounts", field), strings(node.get("resources"), "exemptions.resources", field));
    }

    private Optional<Threshold> threshold(JsonNode node, Field field) {
        if (node == null) {
            return Optional.empty();
        }
        known(node, "threshold", List.of("count", "window", "by"), field);
        int count = node.path("count").isIntegralNumber() ? node.path("count").asInt() : 0;
        if (count < 1) {
            field.problem("threshold.count", "a whole number of events, at least 1");
        }
        Duration window = window(node.get("window"), "threshold.window", field);
        String by = node.path("by").asText("");
        Threshold.GroupBy groupBy = null;
        for (Threshold.GroupBy g : Threshold.GroupBy.values()) {
            if (g.label().equals(by)) {
                groupBy = g;
            }
        }
        if (groupBy == null) {
            field.problem("threshold.by", (by.isEmpty() ? "required" : "unknown " + by) + " (known: principal, resource, account)");
        }
        return count < 1 || window == null || groupBy == null ? Optional.empty() : Optional.of(new Threshold(count, window, groupBy));
    }

    private Optional<RateLimit> rateLimit(JsonNode node, Field field) {
        if (node == null) {
            return Optional.empty();
        }
        known(node, "rate-limit", List.of("actions", "window"), field);
        int actions = node.path("actions").isIntegralNumber() ? node.path("actions").asInt() : 0;
        if (actions < 1) {
            field.problem("rate-limit.actions", "a whole number of actions, at least 1");
        }
        Duration window = window(node.get("window"), "rate-limit.window", field);
        return actions < 1 || window == null ? Optional.empty() : Optional.of(new RateLimit(actions, window));
    }

    private Duration window(JsonNode node, String at, Field field) {
        Matcher m = WINDOW.matcher(node == null ? "" : node.asText());
        if (node == null || !node.isTextual() || !m.matches() || Long.parseLong(m.group(1)) < 1) {
            field.problem(at, "a positive duration such as 30s, 5m, 1h or 1d, not " + (node == null ? "nothing" : node));
            return null;
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }

    private Template template(JsonNode node, String at, Field field) {
        if (node == null || !node.isValueNode() || node.isNull()) {
            field.problem(at, "a text template");
            return null;
        }
        List<String> reasons = new ArrayList<>();
        Template template = Template.parse(node.asText(), reasons);
        reasons.forEach(r -> field.problem(at, r));
        return template;
    }

    private String required(JsonNode node, String name, Field field) {
        JsonNode value = node.get(name);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            field.problem(name, "required text");
            return null;
        }
        return value.asText();
    }

    private String text(JsonNode node, String at, Field field) {
        if (node == null) {
            return null;
        }
        if (!node.isTextual() || node.asText().isBlank()) {
            field.problem(at, "a text, not " + node);
            return null;
        }
        return node.asText();
    }

    private boolean bool(JsonNode node, String at, Field field) {
        if (node == null) {
            return false;
        }
        if (!node.isBoolean()) {
            field.problem(at, "true or false, not " + node);
        }
        return node.asBoolean();
    }

    private List<String> strings(JsonNode node, String at, Field field) {
        if (node == null) {
            return List.of();
        }
        if (!node.isArray()) {
            field.problem(at, "a list, not " + node);
            return List.of();
        }
        List<String> texts = new ArrayList<>();
        node.forEach(n -> {
            if (n.isTextual()) {
                texts.add(n.asText());
            } else {
                field.problem(at, "a list of texts, not " + n);
            }
        });
        return texts;
    }

    private <E extends Enum<E>> E oneOf(JsonNode node, String name, Class<E> type, E fallback, Field field) {
        JsonNode value = node.get(name);
        if (value == null) {
            return fallback;
        }
        // YAML 1.1 reads an unquoted off as false: mode: off means what it says
        String text = value.isBoolean() && !value.asBoolean() ? "off" : value.asText();
        for (E constant : type.getEnumConstants()) {
            if (constant.name().replace('_', '-').equalsIgnoreCase(text)) {
                return constant;
            }
        }
        List<String> labels = new ArrayList<>();
        for (E constant : type.getEnumConstants()) {
            labels.add(constant.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        field.problem(name, "unknown " + name + " " + value.asText() + " (known: " + String.join(" | ", labels) + ")");
        return null;
    }

    private void known(JsonNode node, String at, List<String> allowed, Field field) {
        if (!node.isObject()) {
            field.problem(at, "a map with " + String.join(", ", allowed));
            return;
        }
        node.fieldNames().forEachRemaining(f -> {
            if (!allowed.contains(f)) {
                field.problem(at + "." + f, "unknown field" + knownNames(allowed));
            }
        });
    }

    private static String knownNames(java.util.Collection<String> names) {
        return " (known: " + String.join(", ", names) + ")";
    }
}
