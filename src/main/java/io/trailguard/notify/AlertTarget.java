package io.trailguard.notify;

/**
 * Somewhere an alert can go (SNS, a webhook, Security Hub). The {@link Notifier} picks the targets of each
 * policy and applies their severity thresholds; a target only delivers.
 */
public interface AlertTarget {

    /** Its name in properties: {@code trailguard.alerts.<name>.*} and per-policy {@code alert-targets}. */
    String name();

    /** Whether it has what it needs to deliver this notice (a topic, a URL, being enabled). */
    boolean configuredFor(Notice notice);

    /** Delivers and returns a short outcome for the audit record; throws when delivery failed. */
    String send(Notice notice);
}
