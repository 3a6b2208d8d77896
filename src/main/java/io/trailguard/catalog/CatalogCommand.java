package io.trailguard.catalog;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code catalog [PATH]}: writes the policy catalog (default {@code target/policy-catalog.json}) that
 * {@code infra/} deploys from. The build runs it at {@code package}. {@code catalog --coverage} prints the README's
 * coverage table instead.
 */
@ApplicationScoped
public class CatalogCommand {

    public static final String DEFAULT_PATH = "target/policy-catalog.json";
    static final int FORMAT_VERSION = 1;

    private final PolicyCatalog catalog;
    private final ObjectMapper mapper;

    public CatalogCommand(PolicyCatalog catalog, ObjectMapper mapper) {
        this.catalog = catalog;
        this.mapper = mapper;
    }

    public int run(PrintStream out, String... args) {
        if (args.length > 1) {
            out.println("usage: catalog [PATH] (default " + DEFAULT_PATH + ") | catalog --coverage");
            return 2;
        }
        // the README's coverage table, to paste between its markers
        if (args.length == 1 && args[0].equals("--coverage")) {
            out.print(CoverageTable.markdown(catalog.entries()));
            return 0;
        }
        Path path = Path.of(args.length == 1 ? args[0] : DEFAULT_PATH);
        List<CatalogEntry> entries = catalog.entries();
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("formatVersion", FORMAT_VERSION);
        document.put("handlers", new TreeSet<>(entries.stream().map(CatalogEntry::handler).toList()));
        document.put("policies", entries);
        try {
            if (path.toAbsolutePath().getParent() != null) {
                Files.createDirectories(path.toAbsolutePath().getParent());
            }
            mapper.writerWithDefaultPrettyPrinter().writeValue(path.toFile(), document);
        } catch (IOException e) {
            out.println("could not write " + path + ": " + e.getMessage());
            return 1;
        }
        out.println("wrote " + entries.size() + " policies to " + path);
        return 0;
    }
}
