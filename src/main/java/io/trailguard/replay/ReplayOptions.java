package io.trailguard.replay;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.trailguard.policy.Severity;

/**
 * The replay command line: {@code [--format text|json] [--only P] [--since T] [--until T] [--fail-on S] [--no-progress]
 * [--rules FILE] [--report FILE] [--from-audit] [--jobs N] [PATH…]}.
 */
record ReplayOptions(boolean json, Set<String> only, Instant since, Instant until, Severity failOn, boolean progress,
        List<String> paths, List<String> rules, Path report, boolean fromAudit, int jobs) {

    static final String DEFAULT_PATH = "src/samples";

    static final String USAGE = """
            usage: replay [options] [PATH...]
              PATH              a file, a directory (read recursively) or a glob ('logs/**/*.json.gz') of CloudTrail log
                                files ({"Records":[...]}, .json.gz) and EventBridge event files (JSON, JSON lines, SQS
                                batches; gzip or not); default: src/samples/
              --format F        text (summary table, default) or json (every decision as a JSON line)
              --only P[,P...]   only these policies
              --since T         only events whose eventTime is at or after T (2026-11-20 or 2026-11-20T10:00:00Z)
              --until T         only events before T (a date means up to the end of that day)
              --fail-on S       exit 1 when a finding reaches severity S (INFO, LOW, MEDIUM, HIGH, CRITICAL)
              --no-progress     no progress bar on a terminal
              --rules FILE      candidate rules (a rules file or a directory of *.yaml; repeatable) decided beside the
                                loaded policies; a candidate replaces the loaded rule of its name
              --report FILE     also write the replay as one self-contained HTML page (charts, sortable tables)
              --from-audit      the PATHs are audit records to read back, not events: files or directories downloaded
                                from the S3 audit archive, or s3://bucket/prefix/ (a Batch Operations replay's output)
              --jobs N          files read in parallel (default: the machine's cores); the output is the same
            Every policy runs in dry-run: no AWS call, no alert.""";

    static ReplayOptions parse(String... args) {
        boolean json = false;
        Set<String> only = new LinkedHashSet<>();
        Instant since = null;
        Instant until = null;
        Severity failOn = null;
        boolean progress = true;
        Path report = null;
        boolean fromAudit = false;
        int jobs = Runtime.getRuntime().availableProcessors();
        List<String> paths = new ArrayList<>();
        List<String> rules = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--format" -> {
                    String format = value(args, ++i, arg);
                    if (!format.equals("json") && !format.equals("text")) {
                        throw new IllegalArgumentException("--format is text or json, not " + format);
                    }
                    json = format.equals("json");
                }
                case "--only" -> only.addAll(List.of(value(args, ++i, arg).split(",")));
                case "--since" -> since = time(value(args, ++i, arg), false);
                case "--until" -> until = time(value(args, ++i, arg), true);
                case "--fail-on" -> failOn = severity(value(args, ++i, arg));
                case "--no-progress" -> progress = false;
                case "--rules" -> rules.add(value(args, ++i, arg));
                case "--report" -> report = Path.of(value(args, ++i, arg));
                case "--from-audit" -> fromAudit = true;
                case "--jobs" -> jobs = jobs(value(args, ++i, arg));
                default -> {
                    if (arg.startsWith("--")) {
                        throw new IllegalArgumentException("unknown option " + arg);
                    }
                    paths.add(arg);
                }
            }
        }
        if (fromAudit && paths.isEmpty()) {
            throw new IllegalArgumentException("--from-audit needs the audit records' PATH or s3://bucket/prefix/");
        }
        if (fromAudit && (json || !only.isEmpty() || since != null || until != null)) {
            // the decisions were made already: filtering them afterwards would be a different question, not asked silently
            throw new IllegalArgumentException("--from-audit reads a replay's decisions back as they were made: no --format json, "
                    + "--only, --since or --until (narrow the replay itself, or the audit prefix)");
        }
        if (paths.isEmpty()) {
            paths.add(DEFAULT_PATH);
        }
        return new ReplayOptions(json, only, since, until, failOn, progress, paths, rules, report, fromAudit, jobs);
    }

    boolean filtersTime() {
        return since != null || until != null;
    }

    boolean inTime(Instant t) {
        return (since == null || !t.isBefore(since)) && (until == null || t.isBefore(until));
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    /** An instant, a local date-time (UTC) or a date: its start, or for an upper bound the start of the next day. */
    private static Instant time(String text, boolean upper) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException notOffset) {
            try {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException notLocal) {
                try {
                    LocalDate date = LocalDate.parse(text);
                    return (upper ? date.plusDays(1) : date).atStartOfDay(ZoneOffset.UTC).toInstant();
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException("not an ISO instant or date: " + text);
                }
            }
        }
    }

    private static int jobs(String text) {
        try {
            int jobs = Integer.parseInt(text);
            if (jobs >= 1) {
                return jobs;
            }
        } catch (NumberFormatException e) {
            // told below
        }
        throw new IllegalArgumentException("--jobs takes a number of threads, 1 or more, not " + text);
    }

    private static Severity severity(String text) {
        try {
            return Severity.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--fail-on takes INFO, LOW, MEDIUM, HIGH or CRITICAL, not " + text);
        }
    }
}
