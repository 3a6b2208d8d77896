package io.trailguard.policy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The settings every policy has, besides those it declares in {@link Policy#settings()}. */
public final class CommonSettings {

    public static final String PREFIX = "trailguard.policies.";

    /** The names of the alert targets (notify's {@code AlertTarget#name()}); a test keeps the two lists equal. */
    public static final List<String> ALERT_TARGET_NAMES = List.of("sns", "webhook", "security-hub");

    /** Overrides the policy's default mode; still capped by {@code trailguard.mode}. */
    public static final Setting<Mode> MODE = Setting.oneOf("mode", Mode.class, Optional.empty());
    /** Overrides the policy's default for failed calls: {@code skip}, or {@code alert} them as attempts. */
    public static final Setting<FailedCalls> FAILED_CALLS = Setting.oneOf("failed-calls", FailedCalls.class, Optional.empty());
    public static final Setting<List<String>> EXEMPT_PRINCIPALS = Setting.texts("exemptions.principals", List.of());
    public static final Setting<List<String>> EXEMPT_ACCOUNTS = Setting.texts("exemptions.accounts", List.of());
    public static final Setting<List<String>> EXEMPT_RESOURCES = Setting.texts("exemptions.resources", List.of());
    public static final Setting<String> SNS_TOPIC_ARN = Setting.text("sns-topic-arn");
    /** Limits the policy's alerts to these targets; {@code none}: no target. */
    public static final Setting<List<String>> ALERT_TARGETS = Setting.subsetOf("alert-targets", withNone());
    /** Re-check a resource not found (yet) after this delay, within the invocation's time; 0: no re-check. */
    public static final Setting<Long> NOT_FOUND_RETRY_MILLIS = Setting.longInteger("not-found-retry-millis", 0);

    /** The policy's brake: past this many remediations within {@code rate-limit.window} it drops to alert until reset. */
    public static final Setting<Integer> RATE_LIMIT_ACTIONS = Setting.positive("rate-limit.actions");
    public static final Setting<Duration> RATE_LIMIT_WINDOW = Setting.duration("rate-limit.window");

    private CommonSettings() {
    }

    /** {@code alerts.<target>.min-severity}: the policy's own threshold for one target. */
    public static Setting<Severity> minSeverity(String target) {
        return Setting.oneOf("alerts." + target + ".min-severity", Severity.class, Optional.empty());
    }

    public static List<Setting<?>> all() {
        List<Setting<?>> all = new ArrayList<>(List.of(MODE, FAILED_CALLS, EXEMPT_PRINCIPALS, EXEMPT_ACCOUNTS, EXEMPT_RESOURCES, SNS_TOPIC_ARN,
                ALERT_TARGETS, NOT_FOUND_RETRY_MILLIS, RATE_LIMIT_ACTIONS, RATE_LIMIT_WINDOW));
        ALERT_TARGET_NAMES.forEach(target -> all.add(minSeverity(target)));
        return List.copyOf(all);
    }

    private static List<String> withNone() {
        List<String> names = new ArrayList<>(ALERT_TARGET_NAMES);
        names.add("none");
        return List.copyOf(names);
    }
}
