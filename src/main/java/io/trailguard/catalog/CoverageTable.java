package io.trailguard.catalog;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The README's coverage table, written from the catalog so that it cannot drift from the policies: one row per
 * policy or rule, grouped by handler, with what it catches, the calls its pattern selects, its default mode, its
 * undo (the actions enforce may take) and its ATT&CK techniques.
 */
public final class CoverageTable {

    static final String HEADER = "| capability | policy | API calls | default mode | undo (enforce) | ATT&CK |\n|---|---|---|---|---|---|\n";

    private CoverageTable() {
    }

    public static String markdown(List<CatalogEntry> entries) {
        StringBuilder table = new StringBuilder(HEADER);
        entries.stream().sorted(Comparator.comparing(CatalogEntry::handler).thenComparing(CatalogEntry::name)).forEach(e -> table
                .append("| ").append(cell(e.description()))
                .append(" | `").append(e.name()).append("` (").append(e.handler()).append(")")
                .append(" | ").append(calls(e.pattern()))
                .append(" | ").append(e.defaultMode()).append(e.threshold() == null ? "" : ", " + e.threshold())
                .append(" | ").append(e.actions().isEmpty() ? "alert only" : "`" + String.join("`, `", e.actions()) + "`")
                .append(" | ").append(e.attackTechniques().isEmpty() ? "-" : String.join(", ", e.attackTechniques()))
                .append(" |\n"));
        return table.toString();
    }

    /**
     * {@code iam: CreateAccessKey, CreateUser}; a prefix filter as {@code AddPermission*}; no event name is any call.
     * The services are the event sources, else the EventBridge sources; {@code $or} branches add theirs.
     */
    static String calls(JsonNode pattern) {
        Set<String> services = new LinkedHashSet<>();
        Set<String> names = new LinkedHashSet<>();
        for (JsonNode branch : branches(pattern)) {
            JsonNode detail = branch.path("detail");
            for (JsonNode part : branches(detail)) {
                part.path("eventSource").forEach(source -> services.add(source.asText().replace(".amazonaws.com", "")));
                part.path("eventName").forEach(n -> names.add(n.isTextual() ? n.asText() : n.has("prefix") ? n.path("prefix").asText() + "*" : n.toString()));
            }
            if (!detail.has("eventSource") && !detail.has("$or")) {
                branch.path("source").forEach(source -> services.add(source.asText().replaceFirst("^aws\\.", "")));
            }
        }
        // one list for all the services: a pattern does not say which service logs which name
        String calls = names.isEmpty() ? "any call" : String.join(", ", names);
        return services.isEmpty() ? calls : String.join(", ", services) + ": " + calls;
    }

    /** The object itself and each of its {@code $or} branches. */
    private static List<JsonNode> branches(JsonNode node) {
        List<JsonNode> all = new ArrayList<>(List.of(node));
        node.path("$or").forEach(all::add);
        return all;
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
