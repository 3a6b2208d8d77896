package io.trailguard.event;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An event as typed model and as the JSON tree the pattern matcher reads: parsed once, used by both. Its
 * oddities are the fields of the wrong type that the model left out ({@code "detail.userAgent: expected a
 * string, got an object"}), for the audit line; empty for a well-formed event.
 */
public record ParsedEvent(JsonNode tree, TrailEvent event, List<String> oddities) {

    public ParsedEvent {
        oddities = List.copyOf(oddities);
    }
}
