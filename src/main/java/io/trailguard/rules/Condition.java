package io.trailguard.rules;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/** What a rule checks beyond its pattern: a named predicate, or any / all / not of conditions. */
@FunctionalInterface
public interface Condition {

    /** Whether it holds for the event (the EventBridge event as JSON). */
    boolean holds(JsonNode event);

    static Condition all(List<Condition> conditions) {
        return event -> conditions.stream().allMatch(c -> c.holds(event));
    }

    static Condition any(List<Condition> conditions) {
        return event -> conditions.stream().anyMatch(c -> c.holds(event));
    }

    static Condition not(Condition condition) {
        return event -> !condition.holds(event);
    }
}
