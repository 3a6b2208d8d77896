package io.trailguard.rules;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules shipped in the function: {@code rules/index.txt} lists the bundled {@code rules/*.yaml} resources, because a
 * class-path folder cannot be listed in a native image.
 */
public final class BundledRules implements RuleSource {

    static final String INDEX = "rules/index.txt";

    @Override
    public List<RuleText> read() {
        String index = resource(INDEX);
        List<RuleText> texts = new ArrayList<>();
        if (index == null) {
            return texts;
        }
        for (String line : index.split("\n")) {
            String name = line.strip();
            if (name.isEmpty() || name.startsWith("#")) {
                continue;
            }
            String yaml = resource("rules/" + name);
            if (yaml == null) {
                throw new InvalidRulesException(List.of(INDEX + " lists " + name + ", which is not bundled"));
            }
            texts.add(new RuleText("bundled rules/" + name, yaml));
        }
        return texts;
    }

    private static String resource(String path) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(path)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidRulesException(List.of(path + ": " + e.getMessage()));
        }
    }
}
