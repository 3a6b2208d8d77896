package io.trailguard.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
