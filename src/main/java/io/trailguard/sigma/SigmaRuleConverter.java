package io.trailguard.sigma;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.trailguard.policy.AttackTechnique;
import io.trailguard.policy.HandlerNames;

/**
 * One Sigma rule ({@code logsource: product aws, service cloudtrail}) as a declarative rule of the trailguard rule
 * format: alert-only, no actions, its detection as pattern and conditions ({@link DetectionSplit}), severity from
 * its level, ATT&CK ids from its {@code attack.tNNNN} tags, its first reference as runbook, its id in the description.
 */
final class SigmaRuleConverter {

    static final String API_CALL = "AWS API Call via CloudTrail";
    static final String CONSOLE_SIGN_IN = "AWS Console Sign In via CloudTrail";
    static final String SIGN_IN_SOURCE = "signin.amazonaws.com";
    private static final int MAX_NAME = 60;
    private static final List<String> READ_ONLY_PREFIXES = List.of("Get", "List", "Describe", "Head", "Lookup", "BatchGet", "Search");

    /** The handler of a rule by its event source; a rule of several handlers' sources, or another source, runs in security. */
    static final Map<String, String> HANDLERS = Map.ofEntries(
            Map.entry("s3.amazonaws.com", HandlerNames.S3),
            Map.entry("cloudtrail.amazonaws.com", HandlerNames.CLOUDTRAIL),
            Map.entry("iam.amazonaws.com", HandlerNames.IAM),
            Map.entry("sts.amazonaws.com", HandlerNames.IAM),
            Map.entry("sso.amazonaws.com", HandlerNames.IAM),
            Map.entry("signin.amazonaws.com", HandlerNames.IDENTITY),
            Map.entry("kms.amazonaws.com", HandlerNames.KMS),
            Map.entry("ec2.amazonaws.com", HandlerNames.COMPUTE),
            Map.entry("lambda.amazonaws.com", HandlerNames.COMPUTE),
            Map.entry("ecs.amazonaws.com", HandlerNames.COMPUTE),
            Map.entry("eks.amazonaws.com", HandlerNames.COMPUTE),
            Map.entry("lightsail.amazonaws.com", HandlerNames.COMPUTE),
            Map.entry("ssm.amazonaws.com", HandlerNames.COMPUTE),
            Map.entry("elasticloadbalancing.amazonaws.com", HandlerNames.NETWORK),
            Map.entry("route53.amazonaws.com", HandlerNames.NETWORK),
            Map.entry("guardduty.amazonaws.com", HandlerNames.SECURITY),
            Map.entry("config.amazonaws.com", HandlerNames.SECURITY),
            Map.entry("securityhub.amazonaws.com", HandlerNames.SECURITY),
            Map.entry("organizations.amazonaws.com", HandlerNames.SECURITY));

    private SigmaRuleConverter() {
    }

    /** The rule as the ordered map the rules file holds; its name is the kebab-case title, which the caller makes unique. */
    static Map<String, Object> convert(JsonNode sigma) throws NotConvertibleException {
        if (!sigma.isObject()) {
            throw new NotConvertibleException("not a Sigma rule (a YAML map)");
        }
        if (sigma.has("action")) {
            throw new NotConvertibleException("a rule collection document (action: " + sigma.path("action").asText()
                    + "): convert the rules it makes one by one");
        }
        String title = sigma.path("title").asText("").strip();
        if (title.isEmpty()) {
            throw new NotConvertibleException("no title");
        }
        JsonNode logsource = sigma.path("logsource");
        String product = logsource.path("product").asText("");
        String service = logsource.path("service").asText("");
        if (!product.equalsIgnoreCase("aws") || !service.equalsIgnoreCase("cloudtrail")) {
            throw new NotConvertibleException("logsource is not product: aws, service: cloudtrail (product: " + orNone(product)
                    + ", service: " + orNone(service) + ")");
        }
        DetectionSplit split = DetectionSplit.of(SigmaDetection.parse(sigma.path("detection")));
        Map<String, Object> pattern = envelope(split.detail());

        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("name", name(title));
        rule.put("handler", handler(eventSources(split.detail())));
        rule.put("description", description(title, sigma));
        rule.put("severity", severity(sigma.path("level")));
        rule.put("mode", "alert");
        rule.put("pattern", pattern);
        if (!split.conditions().isEmpty()) {
            rule.put("conditions", split.conditions());
        }
        rule.put("finding", "Sigma rule '" + title.replace("${", "$ {") + "' matched ${detail.eventSource} ${detail.eventName}"
                + " by ${detail.userIdentity.arn}");
        // a Sigma rule matches the record whether the call failed or not
        rule.put("failed-calls", "alert");
        if (readOnly(split.detail())) {
            rule.put("read-only-events", true);
        }
        List<String> attack = attack(sigma.path("tags"));
        if (!attack.isEmpty()) {
            rule.put("attack", attack);
        }
        String runbook = sigma.path("references").path(0).asText("");
        if (runbook.startsWith("https://") || runbook.startsWith("http://")) {
            rule.put("runbook", runbook);
        }
        return rule;
    }

    /** The EventBridge envelope around the detail pattern: the services' sources when the rule names its event sources. */
    private static Map<String, Object> envelope(Map<String, Object> detail) {
        Map<String, Object> pattern = new LinkedHashMap<>();
        List<String> sources = eventSources(detail);
        if (!sources.isEmpty()) {
            // EventBridge's source of a CloudTrail event is aws. and the service's prefix: iam.amazonaws.com → aws.iam
            pattern.put("source", sources.stream().map(s -> "aws." + s.substring(0, s.indexOf('.') > 0 ? s.indexOf('.') : s.length()))
                    .distinct().toList());
        }
        List<String> detailTypes = new ArrayList<>();
        if (sources.isEmpty() || sources.stream().anyMatch(s -> !s.equals(SIGN_IN_SOURCE))) {
            detailTypes.add(API_CALL);
        }
        if (sources.isEmpty() || sources.contains(SIGN_IN_SOURCE)) {
            detailTypes.add(CONSOLE_SIGN_IN);
        }
        pattern.put("detail-type", detailTypes);
        if (!detail.isEmpty()) {
            // a detection of "not" filters only: every record, less what the conditions exclude
            pattern.put("detail", detail);
        }
        return pattern;
    }

    /** The event sources the pattern requires by exact value, itself or in each of its $or branches; empty when it does not fix them. */
    private static List<String> eventSources(Map<String, Object> detail) {
        if (detail.containsKey("eventSource") || !(detail.get("$or") instanceof List<?> branches)) {
            return exactSources(detail.get("eventSource"));
        }
        Set<String> sources = new LinkedHashSet<>();
        for (Object branch : branches) {
            List<String> own = exactSources(((Map<?, ?>) branch).get("eventSource"));
            if (own.isEmpty()) {
                return List.of();
            }
            sources.addAll(own);
        }
        return List.copyOf(sources);
    }

    private static List<String> exactSources(Object values) {
        if (!(values instanceof List<?> list) || list.isEmpty() || !list.stream().allMatch(v -> v instanceof String s && s.endsWith(".amazonaws.com"))) {
            return List.of();
        }
        return list.stream().map(String.class::cast).toList();
    }

    private static String handler(List<String> sources) {
        Set<String> handlers = new LinkedHashSet<>();
        sources.forEach(s -> handlers.add(HANDLERS.getOrDefault(s, HandlerNames.SECURITY)));
        return handlers.size() == 1 ? handlers.iterator().next() : HandlerNames.SECURITY;
    }

    /** Whether Get/List/Describe calls may match: the event name is not fixed, or a value names one. */
    private static boolean readOnly(Map<String, Object> detail) {
        List<Object> names = new ArrayList<>();
        if (detail.get("eventName") instanceof List<?> list) {
            names.addAll(list);
        }
        if (names.isEmpty() && detail.get("$or") instanceof List<?> branches) {
            for (Object branch : branches) {
                Object values = ((Map<?, ?>) branch).get("eventName");
                if (values == null) {
                    return true;
                }
                names.addAll((List<?>) values);
            }
        }
        if (names.isEmpty()) {
            return true;
        }
        for (Object name : names) {
            String text = name instanceof String s ? s
                    : name instanceof Map<?, ?> m && (m.containsKey("prefix") || m.containsKey("wildcard"))
                            ? String.valueOf(m.containsKey("prefix") ? m.get("prefix") : m.get("wildcard")) : null;
            if (text == null || text.startsWith("*") || READ_ONLY_PREFIXES.stream().anyMatch(text::startsWith)) {
                return true;
            }
        }
        return false;
    }

    /** The title in kebab-case, at most 60 characters, cut at a word. */
    static String name(String title) {
        String name = title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (name.length() > MAX_NAME) {
            int cut = name.lastIndexOf('-', MAX_NAME);
            name = name.substring(0, cut > 0 ? cut : MAX_NAME);
        }
        return name.isEmpty() ? "sigma-rule" : name;
    }

    private static String description(String title, JsonNode sigma) {
        String text = sigma.path("description").asText("").strip().replaceAll("\\s+", " ");
        String id = sigma.path("id").asText("");
        return title + (text.isEmpty() ? "" : ": " + text) + (id.isEmpty() ? " (Sigma rule)" : " (Sigma rule " + id + ")");
    }

    /** Sigma's level as the rule format's severity; informational has no lower rung than LOW. */
    static String severity(JsonNode level) throws NotConvertibleException {
        String value = level.asText("medium").toLowerCase(Locale.ROOT);
        return switch (value) {
            case "informational", "low" -> "LOW";
            case "medium" -> "MEDIUM";
            case "high" -> "HIGH";
            case "critical" -> "CRITICAL";
            default -> throw new NotConvertibleException("level " + value + " is none of informational, low, medium, high, critical");
        };
    }

    /** The technique ids of the {@code attack.tNNNN[.NNN]} tags; tactic and other tags are left out. */
    static List<String> attack(JsonNode tags) {
        Set<String> ids = new LinkedHashSet<>();
        for (JsonNode tag : tags) {
            String text = tag.asText("");
            if (text.toLowerCase(Locale.ROOT).startsWith("attack.t")) {
                String id = text.substring("attack.".length()).toUpperCase(Locale.ROOT);
                if (AttackTechnique.isWellFormed(id)) {
                    ids.add(id);
                }
            }
        }
        return List.copyOf(ids);
    }

    private static String orNone(String value) {
        return value.isEmpty() ? "none" : value;
    }
}
