package io.trailguard.event;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An event as the JSON tree the pattern matcher reads and as typed model: parsed once, used by both. The model
 * is bound on first use ({@link #event()}), so that an event no pattern matches never pays for it; whether the
 * event is usable at all was settled when it was read. Its oddities are the fields of the wrong type that the
 * model left out ({@code "detail.userAgent: expected a string, got an object"}), for the audit line; empty for a
 * well-formed event. Not for sharing between threads before it is bound.
 */
public final class ParsedEvent {

    private final JsonNode tree;
    private final EventReader binder;
    private TrailEvent event;
    private List<String> oddities;

    ParsedEvent(JsonNode tree, EventReader binder) {
        this.tree = tree;
        this.binder = binder;
    }

    public JsonNode tree() {
        return tree;
    }

    public TrailEvent event() {
        bind();
        return event;
    }

    public List<String> oddities() {
        bind();
        return oddities;
    }

    private void bind() {
        if (event != null) {
            return;
        }
        List<String> found = new ArrayList<>();
        try {
            event = binder.typed(tree, found);
        } catch (InvalidEventException e) {
            // cannot happen once the essentials were checked (only they reject); should it, decided on them alone
            found = new ArrayList<>();
            try {
                event = binder.typedEssentials(tree, found);
            } catch (InvalidEventException again) {
                throw new IllegalStateException("event accepted, then not bound: " + again.getMessage(), again);
            }
            found.add("detail: " + e.getMessage());
        }
        oddities = List.copyOf(found);
    }
}
