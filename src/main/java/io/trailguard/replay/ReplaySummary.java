package io.trailguard.replay;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.trailguard.notify.AuditRecord;
import io.trailguard.policy.ActionResult;
import io.trailguard.policy.Severity;

/** The counts of a replay, and the summary tables printed at its end. */
final class ReplaySummary {

    static final int MALFORMED_SHOWN = 20;

    int files;
    long read;
    long decided;
    long unmatched;
    final Map<String, Long> skipped = new TreeMap<>();
    long malformed;
    final List<String> malformedShown = new ArrayList<>();
    final Map<String, PolicyCounts> policies = new TreeMap<>();
    /** policy → severity → action → count. */
    final Map<String, Map<Severity, Map<String, Long>>> actions = new TreeMap<>();
    /** policy → why → count. */
    final Map<String, Map<String, Long>> policySkips = new TreeMap<>();
    Severity highest;
    /** Read back from the audit trail ({@code --from-audit}): live decisions passed over, and lines written twice. */
    boolean fromAudit;
    long passedOver;
    long duplicates;
    /** The findings in the detail the HTML report shows; null when no report was asked for. */
    FindingTally tally;

    static final class PolicyCounts {
        long matched;
        long findings;
        long skipped;
        final long[] bySeverity = new long[Severity.values().length];
    }

    void skip(String why) {
        skipped.merge(why, 1L, Long::sum);
    }

    void malformed(String where, String why) {
        malformed++;
        if (malformedShown.size() < MALFORMED_SHOWN) {
            malformedShown.add(where + ": " + why);
        }
    }

    void record(AuditRecord record) {
        if (tally != null) {
            tally.add(record);
        }
        AuditRecord.Conclusion conclusion = record.conclusion();
        PolicyCounts counts = policies.computeIfAbsent(record.policy(), p -> new PolicyCounts());
        counts.matched++;
        if (conclusion.skipped() != null) {
            counts.skipped++;
            policySkips.computeIfAbsent(record.policy(), p -> new TreeMap<>()).merge(conclusion.skipped(), 1L, Long::sum);
            return;
        }
        if (!Boolean.TRUE.equals(conclusion.matched())) {
            return;
        }
        Severity severity = Severity.valueOf(conclusion.severity());
        counts.findings++;
        counts.bySeverity[severity.ordinal()]++;
        if (highest == null || severity.compareTo(highest) > 0) {
            highest = severity;
        }
        // an attempt's actions (not-applied) and refused specs would not have been taken
        for (ActionResult action : record.outcome().actions().stream().filter(a -> ActionResult.WOULD_APPLY.equals(a.outcome())).toList()) {
            actions.computeIfAbsent(record.policy(), p -> new TreeMap<>())
                    .computeIfAbsent(severity, s -> new TreeMap<>()).merge(action.action(), 1L, Long::sum);
        }
    }

    long findingsAtLeast(Severity threshold) {
        long n = 0;
        for (PolicyCounts counts : policies.values()) {
            for (Severity s : Severity.values()) {
                n += s.compareTo(threshold) >= 0 ? counts.bySeverity[s.ordinal()] : 0;
            }
        }
        return n;
    }

    void print(PrintStream out) {
        if (fromAudit) {
            out.printf("%nreplay, dry-run, read back from the audit trail: %,d files%n", files);
            new TextTable("audit lines", "count").row("read", read).row("replay decisions", decided).row("live decisions passed over", passedOver)
                    .row("written twice (a retried task)", duplicates).row("malformed records", malformed).print(out);
        } else {
            out.printf("%nreplay, dry-run: %,d files%n", files);
            TextTable events = new TextTable("events", "count");
            events.row("read", read).row("decided", decided).row("matched by no policy", unmatched);
            long skippedTotal = skipped.values().stream().mapToLong(Long::longValue).sum();
            events.row("skipped", skippedTotal);
            skipped.forEach((why, n) -> events.row("  " + why, n));
            events.row("malformed", malformed);
            events.print(out);
        }

        out.println();
        Severity[] severities = Severity.values();
        List<String> header = new ArrayList<>(List.of("policy", "matched", "findings", "skipped"));
        for (int i = severities.length - 1; i >= 0; i--) {
            header.add(severities[i].name());
        }
        TextTable table = new TextTable(header.toArray(String[]::new));
        policies.forEach((policy, c) -> {
            List<Object> row = new ArrayList<>(List.of(policy, c.matched, c.findings, c.skipped));
            for (int i = severities.length - 1; i >= 0; i--) {
                row.add(c.bySeverity[i]);
            }
            table.row(row.toArray());
        });
        if (table.isEmpty()) {
            out.println("no policy matched any event");
        } else {
            table.print(out);
        }

        TextTable would = new TextTable("policy", "severity", "action that would have been taken", "count");
        actions.forEach((policy, bySeverity) -> bySeverity.entrySet().stream()
                .sorted((a, b) -> b.getKey().compareTo(a.getKey()))
                .forEach(s -> s.getValue().forEach((action, n) -> would.row(policy, s.getKey().name(), action, n))));
        if (!would.isEmpty()) {
            out.println();
            would.print(out);
        }

        TextTable skips = new TextTable("policy", "skipped because", "count");
        policySkips.forEach((policy, whys) -> whys.forEach((why, n) -> skips.row(policy, why, n)));
        if (!skips.isEmpty()) {
            out.println();
            skips.print(out);
        }

        if (!malformedShown.isEmpty()) {
            out.printf("%nmalformed (%s):%n", malformed > malformedShown.size() ? "first " + malformedShown.size() + " of " + malformed : "all");
            malformedShown.forEach(m -> out.println("  " + m));
        }
    }
}
