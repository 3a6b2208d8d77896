package io.trailguard.rules;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.trailguard.policy.HandlerNames;

/**
 * The bundled rules files as JSON text, converted from their YAML once, when this class is initialized. The native
 * image initializes it at build time (META-INF/native-image/…/native-image.properties), so a function's cold start
 * reads them with the JSON parser instead of running the YAML one: about 2 ms of the native start-up (BENCHMARKS.md).
 * Each file's rules are also kept grouped by handler ({@link #BY_HANDLER}), so that one handler's binary parses its own
 * rules only. Only strings are kept, so nothing but text goes into the image heap. A file that is not YAML, or that
 * the index names but is missing, is kept as it is, for {@link RuleReader} to report at start-up as before.
 */
final class BundledRuleTexts {

    /** origin, text, "json" or "yaml", in turn for each bundled file, in the index's order; null when there is no index. */
    static final String[] TEXTS;

    /**
     * For the i-th file of {@link #TEXTS}: handler, rules file of that handler's rules alone (JSON), in turn for each
     * handler its rules name; null when the file is read whole by every binary (see {@link #byHandler}).
     */
    static final String[][] BY_HANDLER;

    static {
        List<String> texts = new ArrayList<>();
        List<String[]> byHandler = new ArrayList<>();
        TEXTS = convert(texts, byHandler) ? texts.toArray(String[]::new) : null;
        BY_HANDLER = byHandler.toArray(String[][]::new);
    }

    private BundledRuleTexts() {
    }

    /** Fills both lists from the index's files; false when there is no index. */
    private static boolean convert(List<String> texts, List<String[]> byHandler) {
        String index = resource(BundledRules.INDEX);
        if (index == null) {
            return false;
        }
        YAMLMapper yaml = new YAMLMapper();
        JsonMapper json = JsonMapper.builder().build();
        for (String line : index.split("\n")) {
            String name = line.strip();
            if (name.isEmpty() || name.startsWith("#")) {
                continue;
            }
            String text = resource("rules/" + name);
            texts.add(name);
            if (text == null) {
                texts.add(null);
                texts.add("yaml");
                byHandler.add(null);
                continue;
            }
            try {
                JsonNode tree = yaml.readTree(text);
                texts.add(json.writeValueAsString(tree));
                texts.add("json");
                byHandler.add(byHandler(tree, json));
            } catch (IOException e) {
                texts.add(text);
                texts.add("yaml");
                byHandler.add(null);
            }
        }
        return true;
    }

    /**
     * The file's rules grouped by handler, each group a rules file of its own: handler, text, in turn, in the order
     * their first rule comes. Null, so that every binary reads the file whole and {@link RuleReader} tells what is
     * wrong, when the file is anything but a plain list of named rules each of a known handler.
     */
    static String[] byHandler(JsonNode root, JsonMapper json) throws JsonProcessingException {
        if (root == null || !root.isObject() || root.size() != 1 || !root.path("rules").isArray()) {
            return null;
        }
        Map<String, ArrayNode> groups = new LinkedHashMap<>();
        for (JsonNode rule : root.get("rules")) {
            JsonNode handler = rule.path("handler");
            if (!rule.path("name").isTextual() || !handler.isTextual() || !HandlerNames.POLICY_HANDLERS.contains(handler.asText())) {
                return null;
            }
            groups.computeIfAbsent(handler.asText(), h -> json.createArrayNode()).add(rule);
        }
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, ArrayNode> group : groups.entrySet()) {
            out.add(group.getKey());
            out.add(json.writeValueAsString(json.createObjectNode().set("rules", group.getValue())));
        }
        return out.toArray(String[]::new);
    }

    private static String resource(String path) {
        try (InputStream in = BundledRuleTexts.class.getClassLoader().getResourceAsStream(path)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(path, e);
        }
    }
}
