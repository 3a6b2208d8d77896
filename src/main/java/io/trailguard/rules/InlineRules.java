package io.trailguard.rules;

import java.util.List;

import org.eclipse.microprofile.config.Config;

import io.smallrye.config.Expressions;

/** The rules of {@code trailguard.rules.inline} ({@code TRAILGUARD_RULES_INLINE}): a rules file's text in the environment. */
public final class InlineRules implements RuleSource {

    private final String yaml;

    public InlineRules(String yaml) {
        this.yaml = yaml;
    }

    /** As configured: read without expanding {@code ${…}}, which in a rule is a template, not a property reference. */
    public static InlineRules of(Config config) {
        return new InlineRules(Expressions.withoutExpansion(() -> config.getOptionalValue(RulesConfig.INLINE, String.class)).orElse(null));
    }

    @Override
    public List<RuleText> read() {
        return yaml == null || yaml.isBlank() ? List.of() : List.of(new RuleText("trailguard.rules.inline", yaml));
    }
}
