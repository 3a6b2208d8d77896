package io.trailguard.sigma;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;

/**
 * {@code sigma PATH… [--out FILE]}: converts the Sigma rules of AWS CloudTrail ({@code logsource: product aws,
 * service cloudtrail}) in the files and directories given (every *.yml and *.yaml in them) into one trailguard rules
 * file, written to FILE or stdout. Every rule that cannot be converted is named on stderr with the reason, and the
 * exit status is then 1 (0 when all were converted, 2 for bad usage or when there was nothing to read).
 */
@ApplicationScoped
public class SigmaCommand {

    static final String USAGE = "usage: sigma PATH... [--out FILE]  (Sigma rules of product aws, service cloudtrail; "
            + "files or directories of *.yml / *.yaml)";

    private final ObjectMapper yaml = new ObjectMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            // a long description on one line, not folded with escaped line breaks
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .build());

    public int run(PrintStream out, PrintStream err, String... args) {
        List<Path> inputs = new ArrayList<>();
        Path output = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--out")) {
                if (i + 1 >= args.length || output != null) {
                    err.println(USAGE);
                    return 2;
                }
                output = Path.of(args[++i]);
            } else if (args[i].startsWith("--")) {
                err.println("unknown option " + args[i]);
                err.println(USAGE);
                return 2;
            } else {
                inputs.add(Path.of(args[i]));
            }
        }
        if (inputs.isEmpty()) {
            err.println(USAGE);
            return 2;
        }
        List<Path> files = new ArrayList<>();
        for (Path input : inputs) {
            if (!Files.exists(input)) {
                err.println("sigma: " + input + ": no such file or directory");
                return 2;
            }
            try (Stream<Path> walk = Files.walk(input)) {
                walk.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml"))
                        .sorted().forEach(files::add);
            } catch (IOException e) {
                err.println("sigma: " + input + ": " + e.getMessage());
                return 2;
            }
        }
        Conversion conversion = convert(files);
        conversion.refused().forEach(err::println);
        try {
            String text = yaml.writeValueAsString(Map.of("rules", conversion.rules()));
            if (output == null) {
                out.print(text);
            } else {
                if (output.toAbsolutePath().getParent() != null) {
                    Files.createDirectories(output.toAbsolutePath().getParent());
                }
                Files.writeString(output, text);
            }
        } catch (IOException e) {
            err.println("sigma: could not write " + (output != null ? output : "the rules") + ": " + e.getMessage());
            return 2;
        }
        int total = conversion.rules().size() + conversion.refused().size();
        err.println("sigma: converted " + conversion.rules().size() + " of " + total + " rules"
                + (output != null ? " to " + output : "") + (conversion.refused().isEmpty() ? "" : "; "
                        + conversion.refused().size() + " not converted (listed above)"));
        if (total == 0) {
            return 2;
        }
        return conversion.refused().isEmpty() ? 0 : 1;
    }

    /** The rules converted, in file order with unique names, and one line per rule that was not: where, which, why. */
    record Conversion(List<Map<String, Object>> rules, List<String> refused) {
    }

    Conversion convert(List<Path> files) {
        List<Map<String, Object>> rules = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Path file : files) {
            List<JsonNode> documents = new ArrayList<>();
            try (JsonParser parser = yaml.getFactory().createParser(file.toFile());
                    MappingIterator<JsonNode> each = yaml.readValues(parser, JsonNode.class)) {
                while (each.hasNextValue()) {
                    documents.add(each.nextValue());
                }
            } catch (IOException | RuntimeException e) {
                refused.add(file + ": not converted: unreadable YAML: " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
                continue;
            }
            for (int i = 0; i < documents.size(); i++) {
                JsonNode sigma = documents.get(i);
                if (sigma == null || sigma.isNull() || sigma.isMissingNode()) {
                    continue;
                }
                String which = file + (documents.size() > 1 ? " #" + (i + 1) : "") + " (" + sigma.path("title").asText("untitled")
                        + (sigma.hasNonNull("id") ? ", " + sigma.path("id").asText() : "") + ")";
                try {
                    Map<String, Object> rule = new LinkedHashMap<>(SigmaRuleConverter.convert(sigma));
                    rule.put("name", unique((String) rule.get("name"), sigma.path("id").asText(""), names));
                    rules.add(rule);
                } catch (NotConvertibleException e) {
                    refused.add(which + ": not converted: " + e.getMessage());
                }
            }
        }
        return new Conversion(rules, refused);
    }

    /** The name, or with the Sigma id's first characters (else a number) when another converted rule has it. */
    private static String unique(String name, String id, Set<String> names) {
        String candidate = name;
        String suffix = id.replaceAll("[^a-z0-9]", "");
        if (names.contains(candidate) && suffix.length() >= 8) {
            candidate = name + "-" + suffix.substring(0, 8);
        }
        for (int n = 2; names.contains(candidate); n++) {
            candidate = name + "-" + n;
        }
        names.add(candidate);
        return candidate;
    }
}
