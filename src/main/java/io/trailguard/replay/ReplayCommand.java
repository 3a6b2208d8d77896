package io.trailguard.replay;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.trailguard.event.EventReader;
import io.trailguard.event.ParsedEvent;
import io.trailguard.event.SourcedEvent;
import io.trailguard.notify.AuditRecord;
import io.trailguard.engine.CounterStore;
import io.trailguard.engine.DecisionRunner;
import io.trailguard.engine.InMemoryCounterStore;
import io.trailguard.policy.Mode;
import io.trailguard.engine.PolicyRegistry;
import io.trailguard.policy.Verdict;
import io.trailguard.remediation.ActionLibrary;
import io.trailguard.remediation.S3Objects;
import io.trailguard.rules.DeclaredRule;
import io.trailguard.rules.DeclaredRules;
import io.trailguard.rules.InvalidRulesException;

/**
 * Answers "what would trailguard have done over this history?": streams CloudTrail log files and EventBridge
 * event files (files, directories, globs), decides every event with every policy and the configured properties,
 * always in dry-run (no AWS call, no alert), and prints a summary table, or every decision as JSON lines.
 * Exit code: 0, 1 when a finding reaches {@code --fail-on}, 2 for a usage error or a path that names nothing.
 */
@ApplicationScoped
public class ReplayCommand {

    private final EventReader reader;
    private final PolicyRegistry registry;
    private final DecisionRunner runner;
    private final ObjectMapper mapper;
    private final ActionLibrary library;
    // only --from-audit s3://… builds a client: a local replay makes no AWS call at all
    @Inject
    Instance<S3Objects> s3;

    public ReplayCommand(EventReader reader, PolicyRegistry registry, DecisionRunner runner, ObjectMapper mapper, ActionLibrary library) {
        this.reader = reader;
        this.registry = registry;
        this.runner = runner;
        this.mapper = mapper;
        this.library = library;
    }

    public int run(PrintStream out, String... args) {
        return run(out, out, false, args);
    }

    /** {@code err} takes the summary in JSON mode and the progress bar when {@code terminal}. */
    public int run(PrintStream out, PrintStream err, boolean terminal, String... args) {
        ReplayOptions options;
        try {
            options = ReplayOptions.parse(args);
        } catch (IllegalArgumentException e) {
            out.println(e.getMessage());
            out.println(ReplayOptions.USAGE);
            return 2;
        }
        PolicyRegistry registry;
        if (options.rules().isEmpty()) {
            registry = this.registry;
        } else {
            try {
                List<DeclaredRule> candidates = DeclaredRules.fromFiles(options.rules(), library.executors().keySet());
                registry = this.registry.withCandidates(candidates);
                (options.json() ? err : out).println("candidate rules from " + String.join(", ", options.rules()) + ": "
                        + String.join(", ", candidates.stream().map(DeclaredRule::name).toList()));
            } catch (InvalidRulesException e) {
                out.println("--rules: invalid rules");
                e.problems().forEach(p -> out.println("  " + p));
                return 2;
            }
        }
        for (String policy : options.only()) {
            if (!registry.policies().containsKey(policy)) {
                out.println("--only: no policy named " + policy + "; policies: " + String.join(", ", registry.policies().keySet()));
                return 2;
            }
        }
        if (options.fromAudit()) {
            return readBack(out, err, options);
        }
        ReplayFiles inputs = ReplayFiles.of(options.paths());
        PrintStream report = options.json() ? err : out;
        for (String missing : inputs.unmatched()) {
            report.println("no event file at " + missing + (ReplayOptions.DEFAULT_PATH.equals(missing) ? "\n" + ReplayOptions.USAGE : ""));
        }
        ReplaySummary summary = new ReplaySummary();
        if (options.report() != null) {
            summary.tally = new FindingTally();
        }
        // thresholds count this history alone, never into (nor from) the deployed functions' shared table
        CounterStore counts = new InMemoryCounterStore();
        ProgressBar progress = terminal && options.progress() ? new ProgressBar(err, inputs.totalBytes()) : null;
        long start = System.nanoTime();
        long cpuStart = cpuNanos();
        long[] bytesBefore = {0};
        // reading, matching and binding run on the readers' threads; deciding, in the files' order, on this one
        new FileReads(reader, options.jobs()).read(inputs.files(), event -> prepare(registry, event, options), item -> onlyCounted(item, options),
                file -> summary.files++, new FileReads.Consumer<List<String>>() {
                    @Override
                    public void item(FileReads.Item<List<String>> item) {
                        replay(registry, item, options, summary, counts, out);
                        if (progress != null) {
                            progress.update(bytesBefore[0] + item.bytesRead(), summary.read);
                        }
                    }

                    @Override
                    public void counted(long count, long bytesRead) {
                        // what replay() makes of as many events matched by no policy
                        summary.read += count;
                        summary.decided += count;
                        summary.unmatched += count;
                        if (progress != null) {
                            progress.update(bytesBefore[0] + bytesRead, summary.read);
                        }
                    }

                    @Override
                    public void end(Path file, String unreadable, long bytesRead) {
                        if (unreadable != null) {
                            summary.malformed(file.toString(), unreadable);
                        }
                        bytesBefore[0] += bytesRead;
                    }
                });
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuSeconds = (cpuNanos() - cpuStart) / 1e9;
        if (progress != null) {
            progress.clear();
        }
        summary.print(report);
        // the CPU-time rate is the one to compare on a shared machine: wall time includes waiting for a core
        report.printf("%n%,d events in %.1f s (%.1f s CPU): %,.0f events/s, %,.0f per CPU-second%n", summary.read,
                seconds, cpuSeconds, summary.read / Math.max(seconds, 1e-9), summary.read / Math.max(cpuSeconds, 1e-9));
        if (!writeReport(options, summary, report)) {
            return 2;
        }
        if (!inputs.unmatched().isEmpty()) {
            return 2;
        }
        if (options.failOn() != null && summary.findingsAtLeast(options.failOn()) > 0) {
            report.printf("%,d findings at or above %s (--fail-on)%n", summary.findingsAtLeast(options.failOn()), options.failOn());
            return 1;
        }
        return 0;
    }

    /** {@code --from-audit}: the summary and report of a replay whose decisions are in the audit trail (a Batch Operations job's). */
    private int readBack(PrintStream out, PrintStream err, ReplayOptions options) {
        PrintStream report = options.json() ? err : out;
        ReplaySummary summary = new ReplaySummary();
        summary.fromAudit = true;
        if (options.report() != null) {
            summary.tally = new FindingTally();
        }
        AuditArchiveReader reader = new AuditArchiveReader(mapper, s3::get, summary);
        try {
            reader.read(options.paths());
        } catch (RuntimeException e) {
            // an S3 error (no such bucket, no credentials): said plainly, not as a stack trace
            report.println("could not read the audit records: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            return 2;
        }
        reader.unmatched.forEach(missing -> report.println("no audit record at " + missing));
        summary.print(report);
        if (!writeReport(options, summary, report) || !reader.unmatched.isEmpty()) {
            return 2;
        }
        if (options.failOn() != null && summary.findingsAtLeast(options.failOn()) > 0) {
            report.printf("%,d findings at or above %s (--fail-on)%n", summary.findingsAtLeast(options.failOn()), options.failOn());
            return 1;
        }
        return 0;
    }

    /** Writes the HTML report when one was asked for; false when it could not be written. */
    private boolean writeReport(ReplayOptions options, ReplaySummary summary, PrintStream report) {
        if (options.report() == null) {
            return true;
        }
        try {
            new HtmlReport(summary, summary.tally, mapper).write(options.report(), String.join(" ", options.paths()));
            report.println("report: " + options.report());
            return true;
        } catch (UncheckedIOException e) {
            report.println(e.getMessage() + ": " + e.getCause().getMessage());
            return false;
        }
    }

    /** The policies whose pattern matches an event to decide, and its model bound where it will be read: thread-safe. */
    private List<String> prepare(PolicyRegistry registry, SourcedEvent event, ReplayOptions options) {
        if (event.parsed() == null) {
            return List.of();
        }
        List<String> matched = registry.matching(event.parsed());
        if (!matched.isEmpty() || options.filtersTime()) {
            event.parsed().event();
        }
        return matched;
    }

    /**
     * Whether {@link #replay} would only count the item as read, decided and matched by no policy: a well-formed call
     * no pattern matched, when no time filter needs to read its time. Such items are counted in runs.
     */
    private static boolean onlyCounted(FileReads.Item<List<String>> item, ReplayOptions options) {
        SourcedEvent event = item.event();
        return !options.filtersTime() && event.malformed() == null && event.skipped() == null && event.parsed() != null && item.prepared().isEmpty();
    }

    private void replay(PolicyRegistry registry, FileReads.Item<List<String>> item, ReplayOptions options, ReplaySummary summary, CounterStore counts, PrintStream out) {
        SourcedEvent event = item.event();
        summary.read++;
        if (event.malformed() != null) {
            summary.malformed(event.where(), event.malformed());
            if (options.json()) {
                json(out, AuditRecord.rejected("replay", event.where() + ": " + event.malformed()));
            }
        } else if (event.skipped() != null) {
            summary.skip(event.skipped());
        } else {
            decide(registry, event.parsed(), item.prepared(), options, summary, counts, out);
        }
    }

    private void decide(PolicyRegistry registry, ParsedEvent parsed, List<String> matched, ReplayOptions options, ReplaySummary summary, CounterStore counts,
            PrintStream out) {
        if (options.filtersTime()) {
            Instant time = eventTime(parsed);
            if (time == null) {
                summary.skip("no readable eventTime (--since/--until)");
                return;
            }
            if (!options.inTime(time)) {
                summary.skip("outside --since/--until");
                return;
            }
        }
        summary.decided++;
        List<Verdict> verdicts = registry.evaluate(parsed, matched, PolicyRegistry.ALL, counts);
        boolean any = false;
        for (Verdict verdict : verdicts) {
            if (!options.only().isEmpty() && !options.only().contains(verdict.policy().name())) {
                continue;
            }
            any = true;
            // whatever the configured modes, a replay only records: never an AWS call, never an alert
            Verdict dryRun = new Verdict(verdict.policy(), verdict.decision(), verdict.mode().cappedBy(Mode.DRY_RUN), verdict.skipped(),
                    verdict.attempt());
            AuditRecord record = runner.run(dryRun, parsed.event(), "replay").withOddities(parsed.oddities());
            summary.record(record);
            if (options.json()) {
                json(out, record);
            }
        }
        if (!any) {
            summary.unmatched++;
        }
    }

    private static long cpuNanos() {
        // the process's CPU time: ProcessHandle works in the native binary too (the management beans do not link there)
        return ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElseGet(System::nanoTime);
    }

    private static Instant eventTime(ParsedEvent parsed) {
        String time = parsed.event().detail().eventTime() != null ? parsed.event().detail().eventTime() : parsed.event().time();
        try {
            return time == null ? null : Instant.parse(time);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private void json(PrintStream out, AuditRecord record) {
        try {
            out.println(mapper.writeValueAsString(record));
        } catch (JsonProcessingException e) {
            out.println("{\"type\":\"audit-error\",\"error\":\"" + e.getClass().getSimpleName() + "\"}");
        }
    }
}
