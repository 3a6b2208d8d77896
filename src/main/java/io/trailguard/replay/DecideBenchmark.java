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

/**
 * {@code bench-decide [--events N] [--warmup-seconds S] PATH...}: the warm decide path (parse, match, decide; no
 * AWS call, no audit) over a shuffled mix of the event files, on the calling thread. Part of the binary so that
 * the native image itself is measured (see BENCHMARKS.md); prints figures, asserts nothing.
 */
@ApplicationScoped
public class DecideBenchmark {

    private final EventReader reader;
    private final PolicyRegistry registry;
    private final ObjectMapper mapper;

    public DecideBenchmark(EventReader reader, PolicyRegistry registry, ObjectMapper mapper) {
        this.reader = reader;
        this.registry = registry;
        this.mapper = mapper;
    }

    public int run(PrintStream out, String... args) {
        int events = 200_000;
        double warmupSeconds = 3;
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--events" -> events = Integer.parseInt(args[++i]);
                case "--warmup-seconds" -> warmupSeconds = Double.parseDouble(args[++i]);
                default -> paths.add(args[i]);
            }
        }
        List<byte[]> samples = read(paths);
        if (samples.isEmpty()) {
            out.println("usage: bench-decide [--events N] [--warmup-seconds S] PATH... (EventBridge event files .json, CloudTrail log"
                    + " files .json.gz such as native-tests/bench/SyntheticTrail.java writes, or directories of them)");
            return 2;
        }
        List<byte[]> mix = new ArrayList<>(events);
        for (int i = 0; i < events; i++) {
            mix.add(samples.get(i % samples.size()));
        }
        Collections.shuffle(mix, new Random(42));

        long warmupEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
        int warmed = 0;
        while (System.nanoTime() < warmupEnd) {
            decide(mix.get(warmed++ % mix.size()));
        }
        long[] nanos = new long[events];
        int matched = 0;
        long start = System.nanoTime();
        for (int i = 0; i < events; i++) {
            long t = System.nanoTime();
            matched += decide(mix.get(i));
            nanos[i] = System.nanoTime() - t;
        }
        long total = System.nanoTime() - start;
        Arrays.sort(nanos);
        out.printf("decide path: %d events (%d distinct files, %d verdicts), warm-up %d events%n", events, samples.size(), matched, warmed);
        out.printf("throughput_eps=%.0f p50_us=%.1f p99_us=%.1f p999_us=%.1f max_us=%.1f%n", events / (total / 1e9),
                nanos[events / 2] / 1e3, nanos[(int) (events * 0.99)] / 1e3, nanos[(int) (events * 0.999)] / 1e3, nanos[events - 1] / 1e3);
        return 0;
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

    private int decide(byte[] event) {
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
