package io.trailguard.replay;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import io.trailguard.notify.ApiCall;
import io.trailguard.notify.AuditRecord;
import io.trailguard.policy.ActionResult;

/**
 * What the HTML report shows beyond {@link ReplaySummary}'s counts: findings per policy per hour of the call (the
 * timeline), the principals, resources and source IPs that came up most, and the findings themselves, one row
 * each up to {@link #ROWS_KEPT} (the counts and charts cover all of them).
 */
final class FindingTally {

    static final int ROWS_KEPT = 100_000;
    private static final long HOUR = 3600;

    /** One finding as the report's table shows it; {@code actions} are those that would have been taken. */
    record Row(String time, String policy, String severity, String eventName, String principal, String account, String region,
            String sourceIp, String resource, String reason, String actions, String mode, String eventId) {
    }

    long findings;
    long withoutTime;
    /** policy → hour (epoch seconds of its start) → findings. */
    final Map<String, Map<Long, Long>> hourly = new TreeMap<>();
    final Map<String, Long> principals = new HashMap<>();
    final Map<String, Long> resources = new HashMap<>();
    final Map<String, Long> sourceIps = new HashMap<>();
    final List<Row> rows = new ArrayList<>();

    void add(AuditRecord record) {
        AuditRecord.Conclusion conclusion = record.conclusion();
        if (conclusion == null || conclusion.skipped() != null || !Boolean.TRUE.equals(conclusion.matched())) {
            return;
        }
        findings++;
        ApiCall call = record.call() != null ? record.call() : new ApiCall(null, null, null, null, null, null, null, null);
        Instant time = instant(call.eventTime());
        if (time == null) {
            withoutTime++;
        } else {
            long hour = Math.floorDiv(time.getEpochSecond(), HOUR) * HOUR;
            hourly.computeIfAbsent(record.policy(), p -> new TreeMap<>()).merge(hour, 1L, Long::sum);
        }
        count(principals, call.principal());
        count(resources, conclusion.resource());
        count(sourceIps, call.sourceIp());
        if (rows.size() < ROWS_KEPT) {
            List<ActionResult> actions = record.outcome() == null || record.outcome().actions() == null ? List.of() : record.outcome().actions();
            String wouldApply = actions.stream().filter(a -> ActionResult.WOULD_APPLY.equals(a.outcome()))
                    .map(a -> a.action() + (a.target() != null ? " " + a.target() : "")).collect(Collectors.joining("; "));
            rows.add(new Row(call.eventTime(), record.policy(), conclusion.severity(), call.eventName(), call.principal(), call.account(),
                    call.region(), call.sourceIp(), conclusion.resource(), conclusion.reason(), wouldApply, conclusion.mode(), call.eventId()));
        }
    }

    /** The {@code n} most frequent keys, most frequent first (ties by name, so the report is stable). */
    static List<Map.Entry<String, Long>> top(Map<String, Long> counts, int n) {
        return counts.entrySet().stream()
                .sorted(Comparator.<Map.Entry<String, Long>>comparingLong(Map.Entry::getValue).reversed().thenComparing(Map.Entry::getKey))
                .limit(n).toList();
    }

    private static void count(Map<String, Long> counts, String key) {
        if (key != null && !key.isBlank()) {
            counts.merge(key, 1L, Long::sum);
        }
    }

    private static Instant instant(String time) {
        try {
            return time == null ? null : Instant.parse(time);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
