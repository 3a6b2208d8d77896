package io.trailguard.catalog;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.trailguard.engine.PolicyRegistry;
import io.trailguard.remediation.ActionLibrary;
import io.trailguard.rules.DeclaredRules;
import io.trailguard.rules.InvalidRulesException;

/**
 * {@code catalog [--rules FILE]... [PATH]}: writes the policy catalog (default {@code target/policy-catalog.json}) that
 * {@code infra/} deploys from. The build runs it at {@code package}. The catalog holds every loaded policy and rule
 * (bundled, {@code trailguard.rules.files}, {@code trailguard.rules.inline}), and the rules of each {@code --rules}
 * file, so that infra deploys a user's rules with no change to its code. {@code catalog --coverage} prints the
 * README's coverage table instead.
 */
@ApplicationScoped
public class CatalogCommand {

    public static final String DEFAULT_PATH = "target/policy-catalog.json";
    static final int FORMAT_VERSION = 1;

    private final PolicyCatalog catalog;
    private final ObjectMapper mapper;
    private final PolicyRegistry registry;
    private final ActionLibrary library;

    public CatalogCommand(PolicyCatalog catalog, ObjectMapper mapper, PolicyRegistry registry, ActionLibrary library) {
        this.catalog = catalog;
        this.mapper = mapper;
        this.registry = registry;
        this.library = library;
    }

    public int run(PrintStream out, String... args) {
        // the README's coverage table, to paste between its markers
        if (args.length == 1 && args[0].equals("--coverage")) {
            out.print(CoverageTable.markdown(catalog.entries()));
            return 0;
        }
        List<String> rules = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--rules") && i + 1 < args.length) {
                rules.add(args[++i]);
            } else if (args[i].startsWith("--")) {
                paths.add(null);
            } else {
                paths.add(args[i]);
            }
        }
        if (paths.size() > 1 || paths.contains(null)) {
            out.println("usage: catalog [--rules FILE]... [PATH] (default " + DEFAULT_PATH + ") | catalog --coverage");
            return 2;
        }
        Path path = Path.of(paths.isEmpty() ? DEFAULT_PATH : paths.get(0));
        List<CatalogEntry> entries;
        try {
            entries = rules.isEmpty() ? catalog.entries()
                    : catalog.entries(registry.withCandidates(DeclaredRules.fromFiles(rules, library.executors().keySet())));
        } catch (InvalidRulesException e) {
            out.println("--rules: invalid rules");
            e.problems().forEach(p -> out.println("  " + p));
            return 1;
        }
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
