package io.trailguard.replay;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.trailguard.event.EventFileReader;
import io.trailguard.event.EventReader;
import io.trailguard.event.InvalidEventException;
import io.trailguard.event.SourcedEvent;
import io.trailguard.engine.PolicyRegistry;
import io.trailguard.remediation.ActionLibrary;
import io.trailguard.rules.DeclaredRule;
import io.trailguard.rules.DeclaredRules;
import io.trailguard.rules.InvalidRulesException;

/**
 * {@code bench-decide [--events N] [--warmup-seconds S] [--rules FILE]... PATH...}: the warm decide path (parse, match,
 * decide; no AWS call, no audit) over a shuffled mix of the event files, on the calling thread. With {@code --rules},
 * also the time to read, check and compile those rules (their share of the start-up) and the decide path with them
 * loaded, after the same without. Part of the binary so that the native image itself is measured (see BENCHMARKS.md);
 * prints figures, asserts nothing.
 */
@ApplicationScoped
public class DecideBenchmark {

    private final EventReader reader;
    private final PolicyRegistry registry;
    private final ActionLibrary library;
    private final ObjectMapper mapper;

    public DecideBenchmark(EventReader reader, PolicyRegistry registry, ActionLibrary library, ObjectMapper mapper) {
        this.reader = reader;
        this.registry = registry;
        this.library = library;
        this.mapper = mapper;
    }

    public int run(PrintStream out, String... args) {
        int events = 200_000;
        double warmupSeconds = 3;
        List<String> paths = new ArrayList<>();
        List<String> rules = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--events" -> events = Integer.parseInt(args[++i]);
                case "--rules" -> rules.add(args[++i]);
                case "--warmup-seconds" -> warmupSeconds = Double.parseDouble(args[++i]);
                default -> paths.add(args[i]);
            }
        }
        List<byte[]> samples = read(paths);
        if (samples.isEmpty()) {
            out.println("usage: bench-decide [--events N] [--warmup-seconds S] [--rules FILE]... PATH... (EventBridge event files .json,"
                    + " CloudTrail log files .json.gz such as native-tests/bench/SyntheticTrail.java writes, or directories of them)");
            return 2;
        }
        List<byte[]> mix = new ArrayList<>(events);
        for (int i = 0; i < events; i++) {
            mix.add(samples.get(i % samples.size()));
        }
        Collections.shuffle(mix, new Random(42));

        if (rules.isEmpty()) {
            measure(out, registry, "decide path", mix, samples.size(), warmupSeconds);
            return 0;
        }
        long loadStart = System.nanoTime();
        List<DeclaredRule> candidates;
        try {
            candidates = DeclaredRules.fromFiles(rules, library.executors().keySet());
        } catch (InvalidRulesException e) {
            out.println("--rules: invalid rules\n  " + String.join("\n  ", e.problems()));
            return 2;
        }
        long read = System.nanoTime();
        PolicyRegistry withRules = registry.withCandidates(candidates);
        long compiled = System.nanoTime();
        out.printf("rules: %d from %s, read and checked in %.1f ms, registry with them built in %.1f ms (%d policies)%n", candidates.size(),
                String.join(", ", rules), (read - loadStart) / 1e6, (compiled - read) / 1e6, withRules.policies().size());
        measure(out, registry, "decide path without the rules", mix, samples.size(), warmupSeconds);
        measure(out, withRules, "decide path with the rules", mix, samples.size(), warmupSeconds);
        return 0;
    }

    private void measure(PrintStream out, PolicyRegistry registry, String label, List<byte[]> mix, int distinct, double warmupSeconds) {
        int events = mix.size();
        long warmupEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
        int warmed = 0;
        while (System.nanoTime() < warmupEnd) {
            decide(registry, mix.get(warmed++ % mix.size()));
        }
        long[] nanos = new long[events];
        int matched = 0;
        long cpuStart = cpuNanos();
        long start = System.nanoTime();
        for (int i = 0; i < events; i++) {
            long t = System.nanoTime();
            matched += decide(registry, mix.get(i));
            nanos[i] = System.nanoTime() - t;
        }
        long total = System.nanoTime() - start;
        long cpu = cpuNanos() - cpuStart;
        Arrays.sort(nanos);
        out.printf("%s: %d events (%d distinct files, %d verdicts), warm-up %d events%n", label, events, distinct, matched, warmed);
        out.printf("throughput_eps=%.0f p50_us=%.1f p99_us=%.1f p999_us=%.1f max_us=%.1f%n", events / (total / 1e9),
                nanos[events / 2] / 1e3, nanos[(int) (events * 0.99)] / 1e3, nanos[(int) (events * 0.999)] / 1e3, nanos[events - 1] / 1e3);
        // on a shared machine the wall-clock rate counts the waits for a core; the process's CPU time does not (the JIT's is in it)
        out.printf("per_cpu_second_eps=%.0f%n", events / Math.max(cpu / 1e9, 1e-9));
    }

    private static long cpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().map(java.time.Duration::toNanos).orElseGet(System::nanoTime);
    }

    /** Each decided record of a log file as the EventBridge event a function would be handed for it. */
    private void logRecords(Path file, List<byte[]> samples) throws IOException {
        try (InputStream in = Files.newInputStream(file); EventFileReader events = new EventFileReader(reader, in, file.toString())) {
            while (events.hasNext()) {
                SourcedEvent event = events.next();
                if (event.parsed() != null) {
                    samples.add(mapper.writeValueAsBytes(event.parsed().tree()));
                }
            }
        }
    }

    private int decide(PolicyRegistry registry, byte[] event) {
        try {
            return registry.evaluate(reader.read(event), PolicyRegistry.ALL).size();
        } catch (InvalidEventException e) {
            return 0;
        }
    }

    private List<byte[]> read(List<String> paths) {
        List<byte[]> samples = new ArrayList<>();
        for (String p : paths) {
            try (Stream<Path> walk = Files.walk(Path.of(p))) {
                for (Path f : walk.filter(Files::isRegularFile).filter(f -> f.toString().endsWith(".json") || f.toString().endsWith(".gz"))
                        .filter(f -> !f.toString().endsWith(".expected.json")).sorted().toList()) {
                    if (f.toString().endsWith(".gz")) {
                        logRecords(f, samples);
                    } else {
                        samples.add(Files.readAllBytes(f));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + p, e);
            }
        }
        return samples;
    }
}
