package io.trailguard.sigma;

/** Why a Sigma rule cannot become a declarative rule; the command reports it, it never drops a rule silently. */
public class NotConvertibleException extends Exception {

    public NotConvertibleException(String reason) {
        super(reason);
    }
}
