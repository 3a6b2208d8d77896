package io.trailguard.rules;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/** What a rule checks beyond its pattern: a named predicate, or any / all / not of conditions. */
@FunctionalInterface
public interface Condition {

    /** Whether it holds for the event (the EventBridge event as JSON). */
    boolean holds(JsonNode event);

    // loops, not streams: a rule's conditions are checked for every event its pattern matches
    static Condition all(List<Condition> conditions) {
        Condition[] each = conditions.toArray(Condition[]::new);
        return event -> {
            for (Condition c : each) {
                if (!c.holds(event)) {
                    return false;
                }
            }
            return true;
        };
    }

    static Condition any(List<Condition> conditions) {
        Condition[] each = conditions.toArray(Condition[]::new);
        return event -> {
            for (Condition c : each) {
                if (c.holds(event)) {
                    return true;
                }
            }
            return false;
        };
    }

    static Condition not(Condition condition) {
        return event -> !condition.holds(event);
    }
}
