package io.trailguard.rules;

import java.util.ArrayList;
import java.util.List;

import io.trailguard.policy.HandlerNames;

/**
 * The rules shipped in the function: {@code rules/index.txt} lists the bundled {@code rules/*.yaml} resources, because a
 * class-path folder cannot be listed in a native image. They are read as converted by {@link BundledRuleTexts}: in the
 * binary of one handler ({@code trailguard.function}), that handler's rules alone, and no file that has none of them.
 */
public final class BundledRules implements RuleSource {

    static final String INDEX = "rules/index.txt";

    private final String function;

    /** Every bundled rule: the all binary, the JVM build, the tools. */
    public BundledRules() {
        this(HandlerNames.ALL);
    }

    /** The bundled rules the binary of {@code function} reads: its handler's (every rule for all). */
    public BundledRules(String function) {
        this.function = function;
    }

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
            String origin = "bundled rules/" + texts[i];
            String[] byHandler = BundledRuleTexts.BY_HANDLER[i / 3];
            if (HandlerNames.ALL.equals(function) || byHandler == null) {
                read.add(new RuleText(origin, texts[i + 1], "json".equals(texts[i + 2])));
                continue;
            }
            for (int h = 0; h < byHandler.length; h += 2) {
                if (byHandler[h].equals(function)) {
                    read.add(new RuleText(origin, byHandler[h + 1], true));
                }
            }
        }
        return read;
    }
}
