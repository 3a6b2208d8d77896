package io.trailguard.engine;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import org.jboss.logging.Logger;

import io.trailguard.event.TrailEvent;
import io.trailguard.event.UserIdentity;
import io.trailguard.policy.Decision;
import io.trailguard.policy.Threshold;

/**
 * Turns a policy's matching decisions into threshold findings: each counts one event for its key (principal,
 * resource or account) in the {@link CounterStore}; below the count the verdict is no finding ("3 of 5 within
 * 15 min for …"), and the event that reaches it is the one finding. Further events of the key within the window
 * after it are counted but no finding, so a burst alerts once per window, not once per event.
 */
final class Thresholds {

    /** Keeps threshold items apart from the dedup table's event ids and from brakes. */
    static final String KEY_PREFIX = "threshold#";

    private static final Logger LOG = Logger.getLogger(Thresholds.class);

    private Thresholds() {
    }

    /** The decision after counting {@code decision} (a matching one) towards {@code policy}'s threshold. */
    static Decision count(String policy, Threshold threshold, Decision decision, TrailEvent event, CounterStore store,
            InMemoryCounterStore fallback) {
        String key = key(threshold.groupBy(), decision, event);
        if (key == null) {
            return Decision.noMatch("no " + threshold.groupBy().label() + " to count the threshold by");
        }
        String eventId = event.eventId() != null ? event.eventId() : UUID.randomUUID().toString();
        String storeKey = storeKey(policy, key);
        long at = time(event);
        CounterStore.EventCount count;
        try {
            count = store.countEvent(storeKey, eventId, at, threshold.window(), threshold.count());
        } catch (RuntimeException e) {
            // a shared count is out of reach: this instance's own count still sees a burst that reaches it
            LOG.warnf("policy %s: threshold store unavailable, counting in memory: %s", policy, DecisionRunner.errorText(e));
            count = fallback.countEvent(storeKey, eventId, at, threshold.window(), threshold.count());
        }
        String within = count.count() + " of " + threshold.count() + " within " + words(threshold.window()) + " for " + key;
        if (!count.found()) {
            String already = count.count() >= threshold.count() ? ", already a finding in this window" : ", no finding yet";
            return Decision.noMatch(within + already + ": " + decision.reason());
        }
        List<String> findings = new ArrayList<>();
        findings.add(count.count() + " events within " + words(threshold.window()) + " for " + key + " (threshold " + threshold.count()
                + "); the last:");
        findings.addAll(decision.findings());
        return new Decision(true, decision.severity(), decision.resource(), within + ": " + decision.reason(), findings,
                decision.actions());
    }

    /** What the event is counted by; null when the event does not say. */
    static String key(Threshold.GroupBy by, Decision decision, TrailEvent event) {
        return switch (by) {
            case PRINCIPAL -> principal(event.caller(), event.account());
            case RESOURCE -> decision.resource() == null || decision.resource().id() == null ? null : decision.resource().toString();
            case ACCOUNT -> event.account();
        };
    }

    /** The principal's ARN, else account and user name (failed IAM user sign-ins often carry no ARN). */
    static String principal(UserIdentity caller, String account) {
        if (caller == null) {
            return null;
        }
        if (caller.arn() != null && !caller.arn().isBlank()) {
            return caller.arn();
        }
        if (caller.userName() == null || caller.userName().isBlank()) {
            return null;
        }
        return (caller.accountId() != null ? caller.accountId() : account) + ":" + caller.userName();
    }

    /** The store's key: a long key (a resource id is the caller's text) is hashed, to stay within DynamoDB's key size. */
    static String storeKey(String policy, String key) {
        String full = KEY_PREFIX + policy + "#" + key;
        if (full.length() <= 512) {
            return full;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return KEY_PREFIX + policy + "#sha256:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The call's own time, so that a window does not depend on delivery delay; now when the event has none readable. */
    static long time(TrailEvent event) {
        for (String candidate : new String[] { event.detail() != null ? event.detail().eventTime() : null, event.time() }) {
            if (candidate != null) {
                long plain = plainUtcMillis(candidate);
                if (plain != NOT_PLAIN) {
                    return plain;
                }
                try {
                    return Instant.parse(candidate).toEpochMilli();
                } catch (DateTimeParseException e) {
                    // try the next one
                }
            }
        }
        return System.currentTimeMillis();
    }

    private static final long NOT_PLAIN = Long.MIN_VALUE;

    /**
     * CloudTrail's own form, {@code 2026-12-01T03:07:53Z}, read without a formatter (Instant.parse was the costliest
     * step of a threshold's count); any other text, or a field out of range, is left to Instant.parse ({@code NOT_PLAIN}).
     */
    static long plainUtcMillis(String text) {
        if (text.length() != 20 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T' || text.charAt(13) != ':'
                || text.charAt(16) != ':' || text.charAt(19) != 'Z') {
            return NOT_PLAIN;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > java.time.YearMonth.of(year, month).lengthOfMonth()
                || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return NOT_PLAIN;
        }
        long days = java.time.LocalDate.of(year, month, day).toEpochDay();
        return ((days * 24 + hour) * 60 + minute) * 60_000L + second * 1000L;
    }

    /** The decimal number of {@code length} digits at {@code from}, or -1 when one is not an ASCII digit. */
    private static int digits(String text, int from, int length) {
        int value = 0;
        for (int i = from; i < from + length; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** {@code 15 min}, {@code 1 h}, {@code 30 s}: as audit lines and alerts say a window. */
    static String words(Duration window) {
        return Threshold.words(window);
    }
}
