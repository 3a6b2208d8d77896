package io.trailguard.rules;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import software.amazon.event.ruler.Patterns;

/**
 * A rule's event pattern as {@link RuleReader} checked it: its JSON text (what the catalog and infra deploy), its tree
 * and event-ruler's compiled sub-rules. The registry indexes the tree and the machines take the sub-rules, so a rule's
 * pattern is parsed once at start, not once for the check, once for the index and once more for each machine.
 */
public record CheckedPattern(String json, JsonNode tree, List<Map<String, List<Patterns>>> subRules) {
}
