package io.trailguard.event;

import com.fasterxml.jackson.databind.JsonNode;

/** An event as typed model and as the JSON tree the pattern matcher reads: parsed once, used by both. */
public record ParsedEvent(JsonNode tree, TrailEvent event) {
}
