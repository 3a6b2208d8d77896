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

    /** Binds the whole tree, noting its oddities; as {@link EventReader} does, rejecting what it cannot bind. */
    interface Binder {
        TrailEvent bind(JsonNode tree, List<String> oddities) throws InvalidEventException;
    }

    private final JsonNode tree;
    private final Binder binder;
    /** The model of the envelope and the essential fields alone, checked when the event was read. */
    private final TrailEvent essentials;
    private final List<String> essentialOddities;
    private TrailEvent event;
    private List<String> oddities;

    ParsedEvent(JsonNode tree, Binder binder, TrailEvent essentials, List<String> essentialOddities) {
        this.tree = tree;
        this.binder = binder;
        this.essentials = essentials;
        this.essentialOddities = List.copyOf(essentialOddities);
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
            event = binder.bind(tree, found);
            oddities = List.copyOf(found);
        } catch (InvalidEventException e) {
            // cannot happen once the essentials bound (only they reject); should it, the event is decided on them alone
            event = essentials;
            List<String> all = new ArrayList<>(essentialOddities);
            all.add("detail: " + e.getMessage());
            oddities = List.copyOf(all);
        }
    }
}
