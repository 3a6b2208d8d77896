package io.trailguard.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.trailguard.SampleTable;
import io.trailguard.policy.Verdict;
import io.trailguard.rules.DeclaredRules;
import io.trailguard.rules.InvalidRulesException;
import io.trailguard.rules.ValidateRulesCommandTest;

/** {@code --rules} of replay and catalog without Quarkus: candidate rules join a copy of the registry. */
class CandidateRulesTest {

    @TempDir
    Path dir;

    @Test
    void candidateRulesJoinTheRegistryAndDecideReplacingARuleOfTheirNameButNeverAJavaPolicy() throws Exception {
        Path file = Files.writeString(dir.resolve("mine.yaml"), ValidateRulesCommandTest.BUCKET_POLICY_CHANGED
                // a tuned bundled rule: the candidate replaces the loaded one
                + ValidateRulesCommandTest.BUCKET_POLICY_CHANGED.substring("rules:\n".length()).replace("bucket-policy-changed", "s3-bucket-deleted")
                        .replace("[PutBucketPolicy, {prefix: DeleteBucketPolicy}]", "[DeleteBucket]").replace("MEDIUM", "LOW"));
        var registry = SampleTable.get().registry().withCandidates(DeclaredRules.fromFiles(List.of(file.toString()),
                SampleTable.get().executors().keySet()));
        Path samples = Path.of("src/test/resources/events/s3-bucket-deleted");
        List<Verdict> deleted = registry.evaluate(SampleTable.get().reader().read(Files.readAllBytes(samples.resolve("delete-bucket.json"))), "s3");
        assertEquals(List.of("s3-bucket-deleted"), deleted.stream().map(v -> v.policy().name()).toList());
        assertEquals("LOW", deleted.get(0).decision().severity().name(), "the candidate decided, not the bundled rule");
        List<Verdict> policy = registry.evaluate(SampleTable.get().reader().read(Files.readAllBytes(samples.resolve("delete-bucket-policy.json"))), "s3");
        assertTrue(policy.stream().anyMatch(v -> v.policy().name().equals("bucket-policy-changed") && v.decision().matched()
                && v.decision().findings().get(0).startsWith("policy of ")), policy.toString());
        assertEquals(List.of(), SampleTable.get().registry().policies().keySet().stream().filter("bucket-policy-changed"::equals).toList(),
                "the loaded registry is left as it was");

        Path java = Files.writeString(dir.resolve("java.yaml"), ValidateRulesCommandTest.BUCKET_POLICY_CHANGED.replace("bucket-policy-changed", "s3-public-bucket"));
        InvalidRulesException clash = assertThrows(InvalidRulesException.class, () -> SampleTable.get()
                .registry().withCandidates(DeclaredRules.fromFiles(List.of(java.toString()), SampleTable.get().executors().keySet())));
        assertEquals(List.of("rule s3-public-bucket, field name: a Java policy is already named s3-public-bucket"), clash.problems());
    }

}
