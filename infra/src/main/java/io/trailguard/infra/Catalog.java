package io.trailguard.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The application's policy catalog: the only place infra learns patterns and IAM actions from. The
 * application build writes it ({@code ./mvnw package} runs {@code catalog target/policy-catalog.json}).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Catalog(int formatVersion, List<CatalogPolicy> policies) {

    static final int FORMAT_VERSION = 1;

    public static Catalog read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("no policy catalog at " + file.toAbsolutePath()
                    + ": build the application first (./mvnw -B package -DskipTests in the repository root)");
        }
        try {
            Catalog catalog = new ObjectMapper().readValue(file.toFile(), Catalog.class);
            if (catalog.formatVersion() != FORMAT_VERSION) {
                throw new IllegalStateException("policy catalog " + file + " has format " + catalog.formatVersion()
                        + ", this infra reads format " + FORMAT_VERSION);
            }
            return catalog;
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable policy catalog " + file, e);
        }
    }

    public List<String> handlers() {
        return List.copyOf(new TreeSet<>(policies.stream().map(CatalogPolicy::handler).toList()));
    }

    /** Every action any policy's remediation calls: the member accounts' remediation role grants these. */
    public List<String> allActions() {
        return List.copyOf(new TreeSet<>(policies.stream().flatMap(p -> p.iamActions().stream()).toList()));
    }

    /**
     * What a member account forwards: the event sources every policy names, by detail-type; only the detail-type
     * if some policy watches every source (its pattern names none).
     */
    public Map<String, Object> forwardingPattern() {
        Map<String, Object> pattern = new LinkedHashMap<>();
        if (policies.stream().noneMatch(p -> p.sources().isEmpty())) {
            pattern.put("source", allSources());
        }
        pattern.put("detail-type", allDetailTypes());
        return pattern;
    }

    public List<String> allSources() {
        return List.copyOf(new TreeSet<>(policies.stream().flatMap(p -> p.sources().stream()).toList()));
    }

    public List<String> allDetailTypes() {
        return List.copyOf(new TreeSet<>(policies.stream().flatMap(p -> p.detailTypes().stream()).toList()));
    }

    public boolean anyReadOnlyEvents() {
        return policies.stream().anyMatch(CatalogPolicy::readOnlyEvents);
    }
}
