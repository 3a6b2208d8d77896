package io.trailguard.event;

/**
 * One item of an input file or batch and where it was ({@code file:line}, {@code file Records[7]}): an event
 * to decide, or why it is skipped (well-formed but not a call trailguard decides on), or why it is malformed.
 * Exactly one of {@code parsed}, {@code skipped}, {@code malformed} is set.
 */
public record SourcedEvent(String where, ParsedEvent parsed, String skipped, String malformed) {

    static SourcedEvent of(String where, ParsedEvent parsed) {
        return new SourcedEvent(where, parsed, null, null);
    }

    static SourcedEvent skip(String where, String why) {
        return new SourcedEvent(where, null, why, null);
    }

    static SourcedEvent malformed(String where, String why) {
        return new SourcedEvent(where, null, null, why);
    }
}
