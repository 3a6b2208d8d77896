package io.trailguard.policy;

/** A {@code trailguard.*} property that is unknown or whose value does not fit its type; start-up fails on it. */
public class InvalidSettingException extends IllegalStateException {

    public InvalidSettingException(String message) {
        super(message);
    }
}
