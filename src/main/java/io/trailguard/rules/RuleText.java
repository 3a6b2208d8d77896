package io.trailguard.rules;

/**
 * The text of one rules file and where it came from, which every problem message names. {@code json} says the text is
 * JSON (a subset of YAML, read by the much faster JSON parser): the bundled rules, converted when the image is built.
 */
public record RuleText(String origin, String yaml, boolean json) {

    /** A text as users write it: YAML, or JSON (which {@link RuleReader} tries first when the text opens with a brace). */
    public RuleText(String origin, String yaml) {
        this(origin, yaml, false);
    }
}
