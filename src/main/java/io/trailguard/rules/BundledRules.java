package io.trailguard.rules;

import java.util.ArrayList;
import java.util.List;

/**
 * The rules shipped in the function: {@code rules/index.txt} lists the bundled {@code rules/*.yaml} resources, because a
 * class-path folder cannot be listed in a native image. They are read as converted by {@link BundledRuleTexts}.
 */
public final class BundledRules implements RuleSource {

    static final String INDEX = "rules/index.txt";

    @Override
    public List<RuleText> read() {
        String[] texts = BundledRuleTexts.TEXTS;
        List<RuleText> read = new ArrayList<>();
        if (texts == null) {
            return read;
        }
        for (int i = 0; i < texts.length; i += 3) {
            if (texts[i + 1] == null) {
                throw new InvalidRulesException(List.of(INDEX + " lists " + texts[i] + ", which is not bundled"));
            }
            read.add(new RuleText("bundled rules/" + texts[i], texts[i + 1], "json".equals(texts[i + 2])));
        }
        return read;
    }
}
