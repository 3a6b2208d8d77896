package io.trailguard.rules;

/** The YAML text of one rules file and where it came from, which every problem message names. */
public record RuleText(String origin, String yaml) {
}
