package io.trailguard.replay;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;

import io.trailguard.event.EventReader;
import io.trailguard.event.InvalidEventException;
import io.trailguard.event.ParsedEvent;
import io.trailguard.policy.DecisionRunner;
import io.trailguard.policy.Mode;
import io.trailguard.policy.PolicyRegistry;
import io.trailguard.policy.Verdict;
import io.trailguard.notify.AuditLog;
import io.trailguard.notify.AuditRecord;

/**
 * Answers "what would trailguard have done over these events?": reads EventBridge event files (a file or
 * a directory, recursively), decides each with every policy, in dry-run, and prints a summary.
 */
@ApplicationScoped
public class ReplayCommand {

    private final EventReader reader;
    private final PolicyRegistry registry;
    private final DecisionRunner runner;
    private final AuditLog audit;

    public ReplayCommand(EventReader reader, PolicyRegistry registry, DecisionRunner runner, AuditLog audit) {
        this.reader = reader;
        this.registry = registry;
        this.runner = runner;
        this.audit = audit;
    }

    public int run(PrintStream out, String... args) {
        boolean json = args.length > 1 && "--format".equals(args[0]) && "json".equals(args[1]);
        String[] paths = json ? java.util.Arrays.copyOfRange(args, 2, args.length) : args;
        if (paths.length == 0) {
            out.println("usage: replay [--format json] PATH... (EventBridge event files .json, or directories of them)");
            return 2;
        }
        Map<String, Integer> findings = new TreeMap<>();
        Map<String, Integer> skipped = new TreeMap<>();
        int read = 0;
        int rejected = 0;
        int unmatched = 0;
        for (Path file : files(paths)) {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(file);
            } catch (IOException e) {
                out.println("unreadable " + file + ": " + e.getMessage());
                rejected++;
                continue;
            }
            read++;
            ParsedEvent parsed;
            try {
                parsed = reader.read(bytes);
            } catch (InvalidEventException e) {
                out.println("rejected " + file + ": " + e.getMessage());
                rejected++;
                continue;
            }
            List<Verdict> verdicts = registry.evaluate(parsed, PolicyRegistry.ALL);
            if (verdicts.isEmpty()) {
                unmatched++;
            }
            for (Verdict verdict : verdicts) {
                // whatever the configured modes, a replay only records: never an AWS call, never an alert
                Verdict dryRun = new Verdict(verdict.policy(), verdict.decision(), verdict.mode().cappedBy(Mode.DRY_RUN), verdict.skipped());
                AuditRecord record = runner.run(dryRun, parsed.event(), "replay");
                if (json) {
                    audit.write(record);
                }
                if (record.skipped() != null) {
                    skipped.merge(verdict.policy().name() + ": " + record.skipped(), 1, Integer::sum);
                } else if (Boolean.TRUE.equals(record.matched())) {
                    findings.merge(verdict.policy().name() + " " + record.severity() + " (would: "
                            + record.actions().stream().map(a -> a.action()).distinct().toList() + ")", 1, Integer::sum);
                }
            }
        }
        if (json) {
            return 0;
        }
        out.printf("%nevents read: %d, rejected: %d, matching no policy: %d%n", read, rejected, unmatched);
        out.println("findings (dry-run):");
        findings.forEach((k, v) -> out.printf("  %4d  %s%n", v, k));
        out.println("skipped:");
        skipped.forEach((k, v) -> out.printf("  %4d  %s%n", v, k));
        return 0;
    }

    private static List<Path> files(String... paths) {
        List<Path> files = new ArrayList<>();
        for (String p : paths) {
            try (Stream<Path> walk = Files.walk(Path.of(p))) {
                walk.filter(Files::isRegularFile).filter(f -> f.toString().endsWith(".json"))
                        .filter(f -> !f.toString().endsWith(".expected.json")).sorted().forEach(files::add);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + p, e);
            }
        }
        return files;
    }
}
