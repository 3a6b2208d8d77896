package io.trailguard.sigma;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * {@code sigma PATH… [--out FILE]}: one rules file of every rule converted, read back as the same YAML; every rule
 * not converted named on stderr with its reason and counted in the summary and the exit status.
 */
class SigmaCommandTest {

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @TempDir
    Path dir;

    @Test
    void aDirectoryIntoOneRulesFileAndEveryRuleNotConvertedNamedWithItsReason() throws Exception {
        Path file = dir.resolve("nested/sigma-rules.yaml");

        assertEquals(1, run(SigmaConversionTest.RULES.toString(), "--out", file.toString()), err.toString());

        JsonNode written = new YAMLMapper().readTree(file.toFile());
        JsonNode rules = written.path("rules");
        assertEquals(1, written.size(), "one top-level key, rules");
        assertEquals(9, rules.size());
        Set<String> names = new HashSet<>();
        for (JsonNode rule : rules) {
            assertTrue(names.add(rule.path("name").asText()), "unique: " + rule.path("name"));
            assertTrue(rule.path("name").asText().matches("[a-z0-9]+(-[a-z0-9]+)*"), rule.path("name").asText());
            assertEquals("alert", rule.path("mode").asText());
            assertTrue(rule.path("actions").isMissingNode(), "alert-only: no actions");
            assertTrue(rule.path("description").asText().contains("(Sigma rule "), "the Sigma id is kept");
        }
        // what was written reads back as what was converted: no value changed by YAML quoting ("No", ":x", "*x*")
        SigmaCommand.Conversion conversion = new SigmaCommand().convert(allFiles());
        assertEquals(new ObjectMapper().valueToTree(conversion.rules()), rules);

        String stderr = err.toString(StandardCharsets.UTF_8);
        assertTrue(stderr.contains("access-denied-keywords.yml (AWS Access Denied Anywhere In The Record, 19a1510f-738b-4ac3-a51f-9785586b6ac9): "
                + "not converted: selection keywords is a keyword search"), stderr);
        assertTrue(stderr.contains("secrets-mass-retrieval.yml (AWS Secrets Manager Mass Secret Retrieval, 22df474b-9df3-48d8-a947-e7b267c19a33): "
                + "not converted: condition 'selection | count() by userIdentity.arn > 20' aggregates"), stderr);
        assertTrue(stderr.contains("user-data-base64.yml (AWS EC2 User Data With Encoded Download Cradle, 696d0241-7097-441c-a544-76c878c5fc12): "
                + "not converted: field requestParameters.userData|base64offset|contains: modifier |base64offset has no pattern or predicate form"),
                stderr);
        assertTrue(stderr.contains("windows-process.yml (AWS CLI Run From An Office Application, 654d6beb-ca4a-44b4-9cb2-d852835f1fc1): "
                + "not converted: logsource is not product: aws, service: cloudtrail (product: windows, service: none)"), stderr);
        assertTrue(stderr.contains("sigma: converted 9 of 13 rules to " + file + "; 4 not converted (listed above)"), stderr);
        assertEquals("", out.toString(), "with --out, nothing on stdout");
    }

    @Test
    void withoutOutTheRulesGoToStdoutAndAllConvertedExitsZero() throws Exception {
        assertEquals(0, run(SigmaConversionTest.RULES.resolve("root-credentials.yml").toString()), err.toString());

        JsonNode rules = new YAMLMapper().readTree(out.toString(StandardCharsets.UTF_8)).path("rules");
        assertEquals(1, rules.size());
        assertEquals("aws-root-credentials", rules.path(0).path("name").asText());
        assertTrue(err.toString().contains("sigma: converted 1 of 1 rules"), err.toString());
    }

    @Test
    void unreadableYamlAndRuleCollectionsAreReportedNotDropped() throws Exception {
        Path broken = Files.writeString(dir.resolve("broken.yml"), "title: [unclosed\n");
        Path collection = Files.writeString(dir.resolve("collection.yml"), """
                action: global
                title: Several rules
                logsource: {product: aws, service: cloudtrail}
                ---
                detection: {selection: {eventName: StopLogging}, condition: selection}
                """);

        assertEquals(1, run(broken.toString(), collection.toString()));

        String stderr = err.toString();
        assertTrue(stderr.contains(broken + ": not converted: unreadable YAML"), stderr);
        assertTrue(stderr.contains(collection + " #1 (Several rules): not converted: a rule collection document (action: global)"), stderr);
        assertTrue(stderr.contains(collection + " #2 (untitled): not converted: no title"), stderr);
        assertTrue(stderr.contains("sigma: converted 0 of 3 rules; 3 not converted"), stderr);
    }

    @Test
    void duplicateTitlesGetTheSigmaIdInTheirNames() throws Exception {
        String rule = """
                title: Same Title
                id: %s
                logsource: {product: aws, service: cloudtrail}
                detection: {selection: {eventSource: kms.amazonaws.com, eventName: ScheduleKeyDeletion}, condition: selection}
                """;
        Files.writeString(dir.resolve("a.yml"), rule.formatted("7d2c5e4a-1b3f-4a6e-9c8d-0e1f2a3b4c5d"));
        Files.writeString(dir.resolve("b.yml"), rule.formatted("9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a"));

        assertEquals(0, run(dir.toString()));

        JsonNode rules = new YAMLMapper().readTree(out.toString()).path("rules");
        assertEquals("same-title", rules.path(0).path("name").asText());
        assertEquals("same-title-9f8e7d6c", rules.path(1).path("name").asText());
    }

    @Test
    void badUsageAndMissingPathsExitTwo() {
        assertEquals(2, run());
        assertTrue(err.toString().startsWith("usage: sigma"));
        assertEquals(2, run("x.yml", "--out"));
        assertEquals(2, run("--format", "json", "x.yml"));
        assertEquals(2, run(dir.resolve("absent.yml").toString()));
        assertTrue(err.toString().contains("absent.yml: no such file or directory"), err.toString());
    }

    private int run(String... args) {
        return new SigmaCommand().run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), args);
    }

    private static List<Path> allFiles() throws Exception {
        try (var walk = Files.walk(SigmaConversionTest.RULES)) {
            return walk.filter(p -> p.toString().endsWith(".yml")).sorted().toList();
        }
    }
}
