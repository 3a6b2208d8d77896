package io.trailguard.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.trailguard.SampleTable;
import io.trailguard.policy.Policy;

/** {@code validate-rules} without Quarkus: every problem of every file on its own line, exit status 0, 1 or 2. */
public class ValidateRulesCommandTest {

    private static final ValidateRulesCommand COMMAND = new ValidateRulesCommand(SampleTable.get().executors().keySet(),
            ValidateRulesCommand.taken(SampleTable.get().policies().stream().filter(p -> !(p instanceof DeclaredRule)).map(Policy::name).toList(),
                    SampleTable.get().executors().keySet()));

    public static final String BUCKET_POLICY_CHANGED = """
            rules:
              - name: bucket-policy-changed
                handler: s3
                description: A bucket policy was replaced
                severity: MEDIUM
                mode: alert
                pattern:
                  source: [aws.s3]
                  detail:
                    eventName: [PutBucketPolicy, {prefix: DeleteBucketPolicy}]
                resource:
                  type: AWS::S3::Bucket
                  id: ${detail.requestParameters.bucketName}
                finding: "policy of ${detail.requestParameters.bucketName} changed by ${detail.userIdentity.arn}"
            """;

    @TempDir
    Path dir;

    @Test
    void aValidFileIsToldWithItsRulesAndExitsZero() throws Exception {
        Path file = Files.writeString(dir.resolve("mine.yaml"), BUCKET_POLICY_CHANGED);
        Run run = run(file.toString());
        assertEquals(0, run.exit, run.out);
        assertEquals("1 rule valid in " + file + ": bucket-policy-changed\n", run.out);
    }

    @Test
    void everyProblemOfEveryFileIsOneLineNamingRuleFieldAndReason() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.yaml"), """
                rules:
                  - name: url-open
                    handler: compute
                    description: x
                    severity: HIGH
                    mode: sometimes
                    pattern: {detail: {eventName: [{prefix: 3}]}}
                    finding: "${requestParameters.functionName} open"
                    actions:
                      - name: lambda.set-url
                  - handler: s3
                """);
        Path notYaml = Files.writeString(dir.resolve("worse.yaml"), "rules: [a, : b");
        Run run = run(bad.toString(), notYaml.toString());
        assertEquals(1, run.exit, run.out);
        List<String> lines = run.out.lines().toList();
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("rule url-open, field mode: unknown mode sometimes")), run.out);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("rule url-open, field pattern: event-ruler rejects it")), run.out);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("rule url-open, field finding: ") && l.contains("refers to nothing")), run.out);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("rule url-open, field actions[0].name: unknown action lambda.set-url")), run.out);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith(bad + " rules[1], field name: required")), run.out);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith(notYaml + ": not YAML")), run.out);
        assertTrue(lines.get(lines.size() - 1).matches("\\d+ problems in " + bad + ", " + notYaml), run.out);
    }

    @Test
    void aNameTakenByAJavaPolicyOrABundledRuleIsAProblem() throws Exception {
        Path file = Files.writeString(dir.resolve("clash.yaml"), BUCKET_POLICY_CHANGED.replace("bucket-policy-changed", "s3-public-bucket")
                + BUCKET_POLICY_CHANGED.substring("rules:\n".length()).replace("bucket-policy-changed", "s3-bucket-deleted"));
        Run run = run(file.toString());
        assertEquals(1, run.exit, run.out);
        assertTrue(run.out.contains("rule s3-public-bucket, field name: a Java policy or bundled rule is already named s3-public-bucket"), run.out);
        assertTrue(run.out.contains("rule s3-bucket-deleted, field name: a Java policy or bundled rule is already named s3-bucket-deleted"), run.out);
    }

    @Test
    void theBenchmarksHundredRulesAreValid() {
        Run run = run("native-tests/bench/rules-100.yaml");
        assertEquals(0, run.exit, run.out);
        assertTrue(run.out.startsWith("100 rules valid in native-tests/bench/rules-100.yaml: bench-s3-put-bucket-policy-0, "), run.out);
    }

    @Test
    void jsonWritesTheValidRulesAsOneJsonFileThatReadsAsTheSameRules() throws Exception {
        Path mine = Files.writeString(dir.resolve("mine.yaml"), BUCKET_POLICY_CHANGED);
        Path json = dir.resolve("rules.json");
        Run run = run("--json", json.toString(), "native-tests/bench/rules-100.yaml", mine.toString());
        assertEquals(0, run.exit, run.out);
        assertTrue(run.out.endsWith("written as one JSON rules file to " + json + "\n"), run.out);

        String text = Files.readString(json);
        JsonNode yamlRules = new YAMLMapper().readTree(Files.readString(Path.of("native-tests/bench/rules-100.yaml"))).get("rules");
        JsonNode jsonRules = new ObjectMapper().readTree(text).get("rules");
        assertEquals(101, jsonRules.size());
        for (int i = 0; i < 100; i++) {
            assertEquals(yamlRules.get(i), jsonRules.get(i), "rule " + i);
        }
        List<DeclaredRule> fromYaml = DeclaredRules.fromFiles(List.of("native-tests/bench/rules-100.yaml", mine.toString()),
                SampleTable.get().executors().keySet());
        List<DeclaredRule> fromJson = DeclaredRules.fromFiles(List.of(json.toString()), SampleTable.get().executors().keySet());
        assertEquals(fromYaml.stream().map(ValidateRulesCommandTest::summary).toList(), fromJson.stream().map(ValidateRulesCommandTest::summary).toList());
        assertEquals(2, run("--json", json.toString()).exit, "--json OUT and no path");
        assertTrue(fromJson.stream().allMatch(r -> r.checkedPattern().subRules() == null),
                "marked as checked: the patterns are left to be compiled when an event needs them");
        assertTrue(fromYaml.stream().allMatch(r -> r.checkedPattern().subRules() != null), "a YAML file is checked in full");
    }

    @Test
    void aMarkedFileEditedSinceIsCheckedInFull() throws Exception {
        Path json = dir.resolve("rules.json");
        Path mine = Files.writeString(dir.resolve("mine.yaml"), BUCKET_POLICY_CHANGED);
        assertEquals(0, run("--json", json.toString(), mine.toString()).exit);
        String text = Files.readString(json);
        assertTrue(text.contains(",\"checked\":{\"by\":\"" + RuleReader.CHECKED_BY + "\",\"crc32c\":\""), text);

        // a pattern event-ruler refuses, written in by hand after validate-rules: the mark no longer fits the text
        String edited = text.replace("\"source\":[\"aws.s3\"]", "\"source\":[{\"numeric\":[\"<<\",1]}]");
        assertTrue(!edited.equals(text), "the edit took");
        List<String> problems = new ArrayList<>();
        assertEquals(List.of(), RuleReader.read(new RuleText("edited.json", edited), Set.of(), problems));
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("field pattern: event-ruler rejects it"), problems.toString());

        // another check's mark (an older trailguard, or another event-ruler) is no mark either
        String other = text.replace(RuleReader.CHECKED_BY, "trailguard validate-rules 0, event-ruler 1.0.0");
        List<DeclaredRule> rules = RuleReader.read(new RuleText("other.json", other), Set.of(), new ArrayList<>());
        assertEquals(1, rules.size());
        assertTrue(rules.get(0).checkedPattern().subRules() != null, "compiled and checked at start");
    }

    @Test
    void theMarkNamesTheEventRulerOnTheClassPath() throws Exception {
        // RuleReader.CHECKED_BY says which event-ruler compiled a marked file's patterns: it must change with the dependency
        String jar = software.amazon.event.ruler.JsonRuleCompiler.class.getProtectionDomain().getCodeSource().getLocation().getPath();
        String version = jar.replaceAll(".*/event-ruler-([0-9.]+)\\.jar$", "$1");
        assertTrue(RuleReader.CHECKED_BY.endsWith("event-ruler " + version), jar + " against " + RuleReader.CHECKED_BY);
    }

    @Test
    void aTextOpeningWithABraceThatIsNoJsonIsReadAsYamlAsBefore() throws Exception {
        // a YAML flow map: not JSON (unquoted names), read by the YAML parser as it always was
        String flow = "{rules: [{name: flow-rule, handler: s3, description: x, severity: LOW, pattern: {source: [aws.s3]}, finding: f}]}";
        List<String> problems = new ArrayList<>();
        List<DeclaredRule> rules = RuleReader.read(new RuleText("flow.yaml", flow), Set.of(), problems);
        assertEquals(List.of(), problems);
        assertEquals(List.of("{\"source\":[\"aws.s3\"]}"), rules.stream().map(DeclaredRule::pattern).toList());

        String broken = "{\"rules\": [a, : b";
        RuleReader.read(new RuleText("broken.json", broken), Set.of(), problems);
        String yamlSays;
        try {
            new YAMLMapper().readTree(broken);
            throw new AssertionError("not YAML");
        } catch (IOException e) {
            yamlSays = e.getMessage().lines().findFirst().orElse("");
        }
        assertEquals(List.of("broken.json: not YAML: " + yamlSays), problems, "the YAML parser's problem, as before");
    }

    private static String summary(DeclaredRule rule) {
        return String.join("|", rule.name(), rule.handler(), rule.description(), rule.severity().name(), rule.defaultMode().name(), rule.pattern(),
                rule.resourceType().toString(), rule.resourceId().toString(), String.valueOf(rule.finding()), rule.actionTemplates().toString(),
                rule.exemptions().toString(), rule.alertTargets().toString(), rule.failedCalls().name(), String.valueOf(rule.readOnlyEvents()),
                rule.threshold().toString(), rule.rateLimit().toString(), rule.attackTechniques().toString(), rule.runbook().toString());
    }

    @Test
    void noPathOrAnOptionIsAUsageError() {
        assertEquals(2, run().exit);
        assertEquals(2, run("--strict", "x.yaml").exit);
        Run missing = run(dir.resolve("absent.yaml").toString());
        assertEquals(1, missing.exit, missing.out);
        assertTrue(missing.out.startsWith("trailguard.rules.files: cannot read " + dir.resolve("absent.yaml")), missing.out);
    }

    private record Run(int exit, String out) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exit = COMMAND.run(new PrintStream(bytes, true, StandardCharsets.UTF_8), args);
        return new Run(exit, bytes.toString(StandardCharsets.UTF_8));
    }
}
