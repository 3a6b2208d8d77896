package io.trailguard.infra;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A synthesized template's values as they would be once deployed: pseudo parameters, {@code Ref}, {@code Fn::GetAtt},
 * {@code Fn::Join} and {@code Fn::Sub} resolved, with the physical names of the resources a test deployment uses.
 * Any other intrinsic fails loudly; a resource whose physical value is unknown resolves to a marker no ARN matches.
 */
final class TemplateValues {

    private static final Pattern SUB = Pattern.compile("\\$\\{([^}]+)}");

    /** The physical value of a template resource's Ref (attribute null) or attribute, or null if unknown. */
    interface Physical {
        String of(String logicalId, String type, Map<String, Object> properties, String attribute);
    }

    private final Map<String, Map<String, Object>> resources;
    private final Map<String, String> pseudo;
    private final Physical physical;

    @SuppressWarnings("unchecked")
    TemplateValues(Map<String, Object> template, String partition, String account, String region, Physical physical) {
        this.resources = (Map<String, Map<String, Object>>) template.getOrDefault("Resources", Map.of());
        this.pseudo = Map.of("AWS::Partition", partition, "AWS::AccountId", account, "AWS::Region", region,
                "AWS::URLSuffix", "amazonaws.com", "AWS::NoValue", "");
        this.physical = physical;
    }

    /** {@code value} with every intrinsic resolved: maps and lists recursively. */
    @SuppressWarnings("unchecked")
    Object resolve(Object value) {
        if (value instanceof List<?> list) {
            List<Object> resolved = new ArrayList<>();
            list.forEach(item -> resolved.add(resolve(item)));
            return resolved;
        }
        if (!(value instanceof Map<?, ?>)) {
            return value;
        }
        Map<String, Object> map = (Map<String, Object>) value;
        if (map.size() == 1) {
            String key = map.keySet().iterator().next();
            Object argument = map.get(key);
            switch (key) {
                case "Ref":
                    return ref((String) argument);
                case "Fn::GetAtt":
                    List<Object> target = (List<Object>) argument;
                    return attribute((String) target.get(0), (String) target.get(1));
                case "Fn::Join":
                    List<Object> join = (List<Object>) argument;
                    List<String> parts = new ArrayList<>();
                    for (Object part : (List<Object>) resolve(join.get(1))) {
                        parts.add(String.valueOf(part));
                    }
                    return String.join((String) join.get(0), parts);
                case "Fn::Sub":
                    return sub(argument);
                default:
                    if (key.startsWith("Fn::") || key.equals("Condition")) {
                        throw new IllegalArgumentException("intrinsic " + key + " is not resolved here: " + map);
                    }
            }
        }
        Map<String, Object> resolved = new LinkedHashMap<>();
        map.forEach((k, v) -> resolved.put(k, resolve(v)));
        return resolved;
    }

    @SuppressWarnings("unchecked")
    private String sub(Object argument) {
        String text;
        Map<String, Object> variables = Map.of();
        if (argument instanceof List<?> list) {
            text = (String) list.get(0);
            variables = (Map<String, Object>) list.get(1);
        } else {
            text = (String) argument;
        }
        Matcher matcher = SUB.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            String replacement;
            if (variables.containsKey(name)) {
                replacement = String.valueOf(resolve(variables.get(name)));
            } else if (name.contains(".")) {
                replacement = attribute(name.substring(0, name.indexOf('.')), name.substring(name.indexOf('.') + 1));
            } else {
                replacement = ref(name);
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private String ref(String name) {
        if (pseudo.containsKey(name)) {
            return pseudo.get(name);
        }
        return physicalValue(name, null);
    }

    private String attribute(String logicalId, String attribute) {
        return physicalValue(logicalId, attribute);
    }

    @SuppressWarnings("unchecked")
    private String physicalValue(String logicalId, String attribute) {
        Map<String, Object> resource = resources.get(logicalId);
        if (resource == null) {
            throw new IllegalArgumentException("no resource or pseudo parameter " + logicalId + " in the template");
        }
        String type = (String) resource.get("Type");
        Map<String, Object> properties = (Map<String, Object>) resource.getOrDefault("Properties", Map.of());
        String value = physical.of(logicalId, type, properties, attribute);
        return value != null ? value : "unresolved:" + logicalId + (attribute == null ? "" : "." + attribute);
    }
}
