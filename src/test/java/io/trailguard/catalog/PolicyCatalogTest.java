package io.trailguard.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.trailguard.SampleTable;
import io.trailguard.engine.PolicyPermissions;
import io.trailguard.policy.Policy;
import io.trailguard.rules.DeclaredRules;

/** The catalog infra/ deploys from lists every Policy bean and declarative rule, each with its own pattern, handler and actions. */
@QuarkusTest
class PolicyCatalogTest {

    @Inject
    @Any
    Instance<Policy> beans;
    @Inject
    DeclaredRules rules;
    @Inject
    CatalogCommand command;
    @Inject
    ObjectMapper mapper;
    @Inject
    PolicyPermissions permissions;

    @TempDir
    Path dir;

    @Test
    void theWrittenCatalogListsEveryPolicyBeanWithItsPatternAndActions() throws Exception {
        Path file = dir.resolve("nested/policy-catalog.json");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, command.run(new PrintStream(out, true), file.toString()), out.toString());

        JsonNode catalog = mapper.readTree(file.toFile());
        Map<String, JsonNode> written = new TreeMap<>();
        catalog.path("policies").forEach(p -> written.put(p.path("name").asText(), p));
        Map<String, Policy> policies = new TreeMap<>();
        beans.forEach(p -> policies.put(p.name(), p));
        // a declarative rule is listed as a policy bean is: infra/ deploys it with no change
        rules.rules().forEach(r -> policies.put(r.name(), r));
        assertTrue(written.containsKey("s3-bucket-deleted"), "the bundled rules are in the catalog: " + written.keySet());

        assertTrue(policies.size() >= 4, "policy beans: " + policies.keySet());
        assertEquals(policies.keySet(), written.keySet(), "every policy bean, and nothing else, is in the catalog");
        assertEquals(policies.size(), catalog.path("policies").size(), "no policy listed twice");
        // the sample table builds its policies without CDI: none may escape it, none be one CDI does not run
        assertEquals(List.copyOf(policies.keySet()), SampleTable.get().policies().stream().map(Policy::name).toList(),
                "the sample table's policies are the policy beans");
        for (Policy policy : policies.values()) {
            JsonNode entry = written.get(policy.name());
            assertEquals(mapper.readTree(policy.pattern()), entry.path("pattern"), policy.name() + " pattern");
            assertEquals(policy.handler(), entry.path("handler").asText(), policy.name() + " handler");
            assertEquals(List.copyOf(permissions.iamActions(policy)), strings(entry.path("iamActions")), policy.name() + " actions");
            assertEquals(policy.defaultMode().label(), entry.path("defaultMode").asText(), policy.name() + " mode");
            assertEquals(policy.readOnlyEvents(), entry.path("readOnlyEvents").asBoolean(), policy.name() + " readOnlyEvents");
            assertEquals(strings(mapper.readTree(policy.pattern()).path("detail-type")), strings(entry.path("detailTypes")));
            assertEquals(policy.attackTechniques(), strings(entry.path("attackTechniques")), policy.name() + " ATT&CK techniques");
            assertEquals(policy.runbook().orElse(null), entry.path("runbook").isNull() ? null : entry.path("runbook").asText(),
                    policy.name() + " runbook");
            assertEquals(policy.actions(), strings(entry.path("actions")), policy.name() + " actions");
            assertEquals(policy.threshold().map(io.trailguard.policy.Threshold::words).orElse(null),
                    entry.path("threshold").isNull() ? null : entry.path("threshold").asText(), policy.name() + " threshold");
            assertTrue(catalog.path("handlers").toString().contains("\"" + policy.handler() + "\""), policy.handler());
        }
    }

    @Test
    void catalogWithRulesListsAUsersRuleWithItsPatternAndItsActionsGrants() throws Exception {
        Path rules = Files.writeString(dir.resolve("mine.yaml"), """
                rules:
                  - name: bucket-policy-opened
                    handler: s3
                    description: A bucket policy that anyone can use
                    severity: HIGH
                    mode: enforce
                    pattern:
                      source: [aws.s3]
                      detail-type: [AWS API Call via CloudTrail]
                      detail:
                        eventSource: [s3.amazonaws.com]
                        eventName: [PutBucketPolicy]
                    conditions:
                      - predicate: public-policy
                        pointer: /detail/requestParameters/bucketPolicy
                    finding: "bucket ${detail.requestParameters.bucketName} made public"
                    actions:
                      - name: s3.block-public-access
                        params: {bucket: "${detail.requestParameters.bucketName}"}
                """);
        Path file = dir.resolve("policy-catalog.json");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, command.run(new PrintStream(out, true), "--rules", rules.toString(), file.toString()), out.toString());

        JsonNode catalog = mapper.readTree(file.toFile());
        JsonNode entry = null;
        for (JsonNode p : catalog.path("policies")) {
            entry = p.path("name").asText().equals("bucket-policy-opened") ? p : entry;
        }
        assertTrue(entry != null, "the user's rule is in the catalog: " + catalog.path("policies").size() + " entries");
        assertEquals("[\"PutBucketPolicy\"]", entry.path("pattern").path("detail").path("eventName").toString());
        assertEquals(List.of("s3:GetBucketPublicAccessBlock", "s3:PutBucketPublicAccessBlock"), strings(entry.path("iamActions")));
        assertEquals("enforce", entry.path("defaultMode").asText());
        assertTrue(catalog.path("policies").size() > SampleTable.get().policies().size(), "the loaded policies are listed too");

        ByteArrayOutputStream bad = new ByteArrayOutputStream();
        Path invalid = Files.writeString(dir.resolve("bad.yaml"), Files.readString(rules).replace("s3.block-public-access", "s3.block"));
        assertEquals(1, command.run(new PrintStream(bad, true), "--rules", invalid.toString(), dir.resolve("other.json").toString()));
        assertTrue(bad.toString().contains("rule bucket-policy-opened, field actions[0].name: unknown action s3.block"), bad.toString());
        assertFalse(Files.exists(dir.resolve("other.json")), "no catalog written from invalid rules");
    }

    @Test
    void globalServicePoliciesBelongToUsEast1AndAlertPatternsSkipFailedCalls() {
        CatalogEntry iam = entry("iam-admin-granted");
        assertTrue(iam.globalService());
        assertEquals("us-east-1", iam.homeRegion());
        CatalogEntry s3 = entry("s3-public-bucket");
        assertFalse(s3.globalService());
        assertEquals(null, s3.homeRegion());
        assertEquals("[{\"exists\":false}]", s3.alertPattern().path("detail").path("errorCode").toString());
        assertEquals(s3.pattern().path("detail").path("eventName"), s3.alertPattern().path("detail").path("eventName"));
        assertFalse(s3.pattern().path("detail").has("errorCode"), "the policy's own pattern is left as it is");
    }

    @Test
    void aPolicysGrantsAreItsExecutorsPermissionsAndItsTagReads() {
        // written out by hand once, so a change to the derivation shows here as a diff to review
        assertEquals(List.of("s3:DeleteBucketPolicy", "s3:GetBucketAcl", "s3:GetBucketPolicy", "s3:GetBucketPublicAccessBlock",
                "s3:GetBucketTagging", "s3:PutBucketAcl", "s3:PutBucketPolicy", "s3:PutBucketPublicAccessBlock"),
                entry("s3-public-bucket").iamActions());
        assertEquals(List.of("iam:ListAccessKeys", "iam:ListUserTags", "iam:UpdateAccessKey"), entry("iam-new-credentials").iamActions());
        assertEquals(List.of("iam:ListUserTags"), entry("sign-in-without-mfa").iamActions());
        assertEquals(List.of(), entry("root-api-call").iamActions());
    }

    @Test
    void techniquesAndRunbookAsThePolicySetsThem() {
        assertEquals(List.of("T1530"), entry("s3-public-bucket").attackTechniques());
        assertEquals("https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html",
                entry("s3-public-bucket").runbook());
        assertEquals(List.of("T1562.008"), entry("cloudtrail-tampering").attackTechniques());
        assertEquals(null, entry("cloudtrail-tampering").runbook());
    }

    @Test
    void theReadmeCoverageTableIsWrittenFromTheCatalog() throws Exception {
        String table = CoverageTable.markdown(catalog.entries());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, command.run(new PrintStream(out, true), "--coverage"));
        assertEquals(table, out.toString(), "catalog --coverage prints the table");
        assertTrue(table.contains("| One principal read many Secrets Manager secret values within minutes (secrets harvesting) | `secrets-read-burst` (identity)"
                + " | secretsmanager: GetSecretValue, BatchGetSecretValue | alert, 20 in 5 min per principal | alert only | T1555.006 |"), table);
        assertTrue(table.contains("| lambda: AddPermission* | alert | `lambda.remove-permission` | T1098, T1648 |"), table);

        // the README shows exactly this table, so that it cannot drift from the policies; as shipped, that is: the
        // test profile sets naming-standard's name patterns, which turn its default mode from off to alert
        String namingTested = "| `s3.tag-bucket`, `lambda.tag-function`, `iam.tag-role` |";
        String tested = "(tagging) | s3, lambda, iam: CreateBucket, CreateFunction20150331, CreateRole | alert " + namingTested;
        assertTrue(table.contains(tested), table);
        table = table.replace(tested, tested.replace("| alert |", "| off |"));
        String readme = Files.readString(Path.of("README.md"));
        int from = readme.indexOf(COVERAGE_START);
        int to = readme.indexOf(COVERAGE_END);
        assertTrue(from >= 0 && to > from, "README.md has the coverage table between " + COVERAGE_START + " and " + COVERAGE_END);
        String written = readme.substring(from + COVERAGE_START.length(), to);
        if (!table.equals(written)) {
            Files.writeString(Path.of("target", "coverage-table.md"), table);
        }
        assertEquals(table, written, "the README's coverage table is not the catalog's: paste target/coverage-table.md"
                + " (or the output of `catalog --coverage`) between its markers");
    }

    static final String COVERAGE_START = "<!-- coverage: written by `catalog --coverage`, checked by PolicyCatalogTest -->\n";
    static final String COVERAGE_END = "<!-- end of coverage -->";

    @Test
    void usageIsPrintedForTooManyArguments() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(2, command.run(new PrintStream(out, true), "a", "b"));
        assertTrue(out.toString().startsWith("usage: catalog"));
    }

    @Inject
    PolicyCatalog catalog;

    private CatalogEntry entry(String name) {
        return catalog.entries().stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow();
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asText()));
        return out;
    }
}
