package io.trailguard.rules;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * The bundled rules files as JSON text, converted from their YAML once, when this class is initialized. The native
 * image initializes it at build time (META-INF/native-image/…/native-image.properties), so a function's cold start
 * reads them with the JSON parser instead of running the YAML one: about 2 ms of the native start-up (BENCHMARKS.md).
 * Only strings are kept, so nothing but text goes into the image heap. A file that is not YAML, or that the index
 * names but is missing, is kept as it is, for {@link RuleReader} to report at start-up as before.
 */
final class BundledRuleTexts {

    /** origin, text, "json" or "yaml", in turn for each bundled file, in the index's order; null when there is no index. */
    static final String[] TEXTS = convert();

    private BundledRuleTexts() {
    }

    private static String[] convert() {
        String index = resource(BundledRules.INDEX);
        if (index == null) {
            return null;
        }
        YAMLMapper yaml = new YAMLMapper();
        JsonMapper json = JsonMapper.builder().build();
        List<String> texts = new ArrayList<>();
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
                continue;
            }
            try {
                texts.add(json.writeValueAsString(yaml.readTree(text)));
                texts.add("json");
            } catch (IOException e) {
                texts.add(text);
                texts.add("yaml");
            }
        }
        return texts.toArray(String[]::new);
    }

    private static String resource(String path) {
        try (InputStream in = BundledRuleTexts.class.getClassLoader().getResourceAsStream(path)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(path, e);
        }
    }
}
