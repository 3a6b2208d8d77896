package io.trailguard.rules;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The rules files of {@code trailguard.rules.files}: each path a file, or a directory of *.yaml files read in name order. */
public final class RuleFiles implements RuleSource {

    private final List<String> paths;

    public RuleFiles(List<String> paths) {
        this.paths = List.copyOf(paths);
    }

    @Override
    public List<RuleText> read() {
        List<RuleText> texts = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (String given : paths) {
            if (given.isBlank()) {
                continue;
            }
            Path path = Path.of(given.strip());
            try {
                for (Path file : files(path)) {
                    texts.add(new RuleText(file.toString(), Files.readString(file)));
                }
            } catch (IOException e) {
                problems.add("trailguard.rules.files: cannot read " + path + ": " + e.getClass().getSimpleName() + " " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidRulesException(problems);
        }
        return texts;
    }

    private static List<Path> files(Path path) throws IOException {
        if (!Files.isDirectory(path)) {
            return List.of(path);
        }
        try (Stream<Path> children = Files.list(path)) {
            return children.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
        }
    }
}
