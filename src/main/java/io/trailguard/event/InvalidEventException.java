package io.trailguard.event;

/** The input is not an event trailguard can decide on; the message says why, in words fit for an audit line. */
public class InvalidEventException extends Exception {

    public InvalidEventException(String reason) {
        super(reason, null, false, false);
    }
}
