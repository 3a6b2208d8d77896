package io.trailguard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The sample events under src/test/resources/events/&lt;policy&gt;/, each with its expected decision beside it. */
public final class SampleEvents {

    public static final Path ROOT = Path.of("src", "test", "resources", "events");

    private SampleEvents() {
    }

    public static String read(String policy, String sample) {
        try {
            return Files.readString(ROOT.resolve(policy).resolve(sample + ".json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every sample file (not the .expected.json beside it), sorted. */
    public static List<Path> all() {
        try (Stream<Path> files = Files.walk(ROOT)) {
            return files.filter(p -> p.toString().endsWith(".json") && !p.toString().endsWith(".expected.json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
