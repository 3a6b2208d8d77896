package io.trailguard.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;

/** Synthesizes the CDK app the way {@code cdk synth} does, with test context, and reads the templates. */
final class Synth {

    /** The catalog the application build wrote; the tests fail if infra disagrees with it. */
    static final Path CATALOG = Path.of(System.getProperty("trailguard.catalog", "../target/policy-catalog.json"));

    private Synth() {
    }

    static Catalog catalog() {
        return Catalog.read(CATALOG);
    }

    /** The app synthesized with the real catalog and {@code context} (on top of a dummy function.zip). */
    static App app(Map<String, Object> context) {
        Map<String, Object> all = new HashMap<>();
        all.put("code", dummyZip().toString());
        all.put("catalog", CATALOG.toString());
        all.put("account", "111111111111");
        all.putAll(context);
        App app = new App(AppProps.builder().context(all).build());
        TrailguardApp.build(app);
        return app;
    }

    /** The catalog's policies a deployment without {@code modes} deploys: those whose default mode is not off. */
    static List<CatalogPolicy> enabledByDefault(Catalog catalog) {
        return catalog.policies().stream().filter(p -> !"off".equals(p.defaultMode())).toList();
    }

    static Template template(App app, String stack) {
        return Template.fromStack((Stack) app.getNode().findChild(stack));
    }

    /** A copy of the real catalog with one policy's fields changed, for behaviours no built-in policy has yet. */
    static Path catalogWith(String policy, String field, Object value) {
        return catalogWith(policy, Map.of(field, value));
    }

    static Path catalogWith(String policy, Map<String, Object> fields) {
        try {
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode root = (ObjectNode) mapper.readTree(CATALOG.toFile());
            root.withArray("policies").forEach(p -> {
                if (p.path("name").asText().equals(policy)) {
                    fields.forEach((field, value) -> ((ObjectNode) p).set(field, mapper.valueToTree(value)));
                }
            });
            Path file = Files.createTempFile("policy-catalog", ".json");
            mapper.writeValue(file.toFile(), root);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> resources(Template template, String type) {
        return (Map<String, Map<String, Object>>) (Map<String, ?>) template.findResources(type);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> props(Map<String, Object> resource) {
        return (Map<String, Object>) resource.getOrDefault("Properties", Map.of());
    }

    /** The actions of every statement in a policy document, as a set. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> statements(Object document) {
        return (List<Map<String, Object>>) ((Map<String, Object>) document).get("Statement");
    }

    @SuppressWarnings("unchecked")
    static TreeSet<String> actions(Collection<Map<String, Object>> statements) {
        TreeSet<String> actions = new TreeSet<>();
        for (Map<String, Object> statement : statements) {
            Object action = statement.get("Action");
            if (action instanceof String s) {
                actions.add(s);
            } else {
                actions.addAll((List<String>) action);
            }
        }
        return actions;
    }

    /** Every statement granted to the role with this logical id: its inline policies and the IAM policies attached. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> roleStatements(Template template, String roleId) {
        List<Map<String, Object>> statements = new ArrayList<>();
        Map<String, Object> role = resources(template, "AWS::IAM::Role").get(roleId);
        for (Object policy : (List<Object>) props(role).getOrDefault("Policies", List.of())) {
            statements.addAll(statements(((Map<String, Object>) policy).get("PolicyDocument")));
        }
        for (Map<String, Object> policy : resources(template, "AWS::IAM::Policy").values()) {
            List<Object> roles = (List<Object>) props(policy).getOrDefault("Roles", List.of());
            if (roles.stream().anyMatch(r -> r instanceof Map<?, ?> ref && roleId.equals(ref.get("Ref")))) {
                statements.addAll(statements(props(policy).get("PolicyDocument")));
            }
        }
        return statements;
    }

    static Map<String, Object> context(Object... keyValues) {
        Map<String, Object> context = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            context.put((String) keyValues[i], keyValues[i + 1]);
        }
        return context;
    }

    private static Path dummyZip;

    private static synchronized Path dummyZip() {
        if (dummyZip == null) {
            try {
                dummyZip = Files.createTempFile("function", ".zip");
                try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(dummyZip))) {
                    zip.putNextEntry(new ZipEntry("bootstrap"));
                    zip.write("#!/bin/sh\n".getBytes());
                    zip.closeEntry();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return dummyZip;
    }
}
