package io.trailguard.replay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** The files a replay reads: named files as they are, directories walked for event files, globs expanded. */
record ReplayFiles(List<Path> files, List<String> unmatched) {

    static ReplayFiles of(List<String> paths) {
        List<Path> files = new ArrayList<>();
        List<String> unmatched = new ArrayList<>();
        for (String path : paths) {
            int before = files.size();
            if (isGlob(path)) {
                // both sides normalised, so that "./logs/*.gz" and a walk from "." agree
                PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + Path.of(path).normalize());
                walk(base(path), f -> matcher.matches(f.normalize()), files);
            } else if (Files.isDirectory(Path.of(path))) {
                walk(Path.of(path), ReplayFiles::isEventFile, files);
            } else if (Files.isRegularFile(Path.of(path))) {
                files.add(Path.of(path));
            }
            if (files.size() == before) {
                unmatched.add(path);
            }
        }
        return new ReplayFiles(files, unmatched);
    }

    long totalBytes() {
        long total = 0;
        for (Path file : files) {
            try {
                total += Files.size(file);
            } catch (IOException e) {
                // counted as unreadable when it is read
            }
        }
        return total;
    }

    /** Event files in a directory: JSON, JSON lines, gzip of either; not the samples' expected decisions. */
    static boolean isEventFile(Path file) {
        String name = file.getFileName().toString();
        return !name.endsWith(".expected.json")
                && (name.endsWith(".json") || name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".gz"));
    }

    private static boolean isGlob(String path) {
        return path.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
    }

    /** The directory a glob starts from: its segments before the first with a wildcard. */
    private static Path base(String glob) {
        StringBuilder base = new StringBuilder(glob.startsWith("/") ? "/" : "");
        for (String segment : glob.split("/")) {
            if (isGlob(segment)) {
                break;
            }
            if (!segment.isEmpty()) {
                base.append(segment).append('/');
            }
        }
        return base.length() == 0 ? Path.of(".") : Path.of(base.toString());
    }

    private static void walk(Path dir, Predicate<Path> include, List<Path> files) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.filter(Files::isRegularFile).filter(include).sorted().forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir, e);
        }
    }
}
