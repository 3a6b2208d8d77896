package io.trailguard.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.trailguard.SampleTable;
import io.trailguard.event.TrailEvent;
import io.trailguard.policy.ActionSpec;
import io.trailguard.policy.Decision;
import io.trailguard.policy.HandlerNames;
import io.trailguard.policy.Mode;
import io.trailguard.policy.Policy;
import io.trailguard.policy.Severity;

/** Reading and checking rules without Quarkus: every kind of invalid rule fails with its own line, all of them at once. */
class DeclaredRulesTest {

    private static final Set<String> ACTIONS = SampleTable.get().executors().keySet();

    private static final String VALID = """
            rules:
              - name: bucket-made-public
                handler: s3
                description: A bucket policy that anyone can use
                severity: HIGH
                pattern:
                  source: [aws.s3]
                  detail:
                    eventName: [PutBucketPolicy]
                conditions:
                  - predicate: public-policy
                    pointer: /detail/requestParameters/bucketPolicy
                  - not: {predicate: compare, pointer: /detail/requestParameters/bucketName, op: starts-with, value: website-}
                resource:
                  type: AWS::S3::Bucket
                  id: ${detail.requestParameters.bucketName}
                finding: "bucket ${detail.requestParameters.bucketName} public, caller ${detail.userIdentity.userName}"
                actions:
                  - name: s3.block-public-access
                    params:
                      bucket: ${detail.requestParameters.bucketName}
                exemptions: {accounts: ["111122223333"]}
                alert-targets: [sns]
                threshold: {count: 3, window: 5m, by: principal}
                rate-limit: {actions: 10, window: 1h}
                attack: [T1530]
                runbook: https://example.com/runbooks/public-bucket
            """;

    @Test
    void aValidRuleIsAPolicyThatDecidesFromItsTemplatesAndConditions() throws Exception {
        DeclaredRule rule = rules(VALID).get(0);
        assertEquals(Mode.DRY_RUN, rule.defaultMode(), "a rule without a mode runs in dry-run");
        assertEquals(List.of("s3.block-public-access"), rule.actions());
        assertEquals(List.of("111122223333"), rule.exemptions().accounts());
        assertEquals(List.of("sns"), rule.alertTargets());
        assertEquals(3, rule.threshold().orElseThrow().count());
        assertEquals(10, rule.rateLimit().orElseThrow().actions());
        assertEquals(List.of("T1530"), rule.attackTechniques());

        Decision decision = rule.decide(event("tg-data", "{'Statement': [{'Effect': 'Allow', 'Principal': '*', 'Action': 's3:GetObject'}]}"));
        assertTrue(decision.matched());
        assertEquals(Severity.HIGH, decision.severity());
        assertEquals("AWS::S3::Bucket tg-data", decision.resource().toString());
        // a path the event lacks reads ? in text
        assertEquals(List.of("bucket tg-data public, caller ?"), decision.findings());
        assertEquals(List.of(ActionSpec.of("s3.block-public-access", "bucket", "tg-data")), decision.actions());

        assertFalse(rule.decide(event("tg-data", "{'Statement': [{'Effect': 'Allow', 'Principal': {'AWS': 'arn:aws:iam::123456789012:root'}}]}")).matched(),
                "a policy for the own account is not public");
        assertFalse(rule.decide(event("website-home", "{'Statement': [{'Effect': 'Allow', 'Principal': '*'}]}")).matched(),
                "the not condition holds");
    }

    @Test
    void modeOffAndFailedCallsAlertReadAsWrittenNotAsYamlBooleans() {
        DeclaredRule rule = rules(VALID.replace("    severity: HIGH\n", "    severity: HIGH\n    mode: off\n    failed-calls: alert\n    read-only-events: true\n")).get(0);
        assertEquals(Mode.OFF, rule.defaultMode());
        assertEquals(io.trailguard.policy.FailedCalls.ALERT, rule.failedCalls());
        assertTrue(rule.readOnlyEvents());
    }

    @Test
    void theRulesExemptionsAddToItsPropertiesAndTheGlobalOnes() {
        SampleTable table = SampleTable.get();
        // beside every policy of the table, whose properties the test profile sets
        List<Policy> all = new java.util.ArrayList<>(table.policies());
        all.add(rules(VALID).get(0));
        io.trailguard.engine.PolicyRegistry registry = new io.trailguard.engine.PolicyRegistry(all,
                table.config().unwrap(io.smallrye.config.SmallRyeConfig.class).getConfigMapping(io.trailguard.policy.TrailguardConfig.class),
                table.config());
        io.trailguard.policy.ConfiguredPolicy configured = registry.policies().get("bucket-made-public");
        assertEquals(Set.of("111122223333"), configured.exemptAccounts());
        // the test profile's global principal exemption still holds
        assertTrue(configured.exemptPrincipals().matches("arn:aws:iam::123456789012:role/break-glass"));
    }

    @Test
    void anActionParameterTheEventCannotFillIsLeftUnsetSoTheExecutorRefusesIt() throws Exception {
        DeclaredRule rule = rules(VALID).get(0);
        Decision decision = rule.decide(event(null, "{'Statement': {'Effect': 'Allow', 'Principal': '*'}}"));
        ActionSpec spec = decision.actions().get(0);
        assertNull(spec.string("bucket"));
        assertTrue(SampleTable.get().executors().get(spec.name()).refusal(spec) != null, "the executor refuses a spec without its bucket");
    }

    @Test
    void eachKindOfProblemIsOneLineNamingRuleFieldAndReasonAllAtOnce() {
        String yaml = """
                rules:
                  - name: bad-pattern
                    handler: s3
                    description: d
                    severity: LOW
                    pattern: {"detail": {"eventName": [{"prefixx": "Put"}]}}
                    finding: f
                  - name: unknown-action
                    handler: s3
                    description: d
                    severity: LOW
                    pattern: {source: [aws.s3]}
                    finding: f
                    actions: [{name: s3.block-public-acess, params: {bucket: x}}]
                  - name: unknown-predicate
                    handler: s3
                    description: d
                    severity: LOW
                    pattern: {source: [aws.s3]}
                    finding: f
                    conditions: [{predicate: is-public, pointer: /detail}]
                  - name: template-to-nothing
                    handler: s3
                    description: d
                    severity: LOW
                    pattern: {source: [aws.s3]}
                    finding: "bucket ${requestParameters.bucketName}"
                  - name: unknown-mode
                    handler: s3
                    description: d
                    severity: LOW
                    mode: enforced
                    pattern: {source: [aws.s3]}
                    finding: f
                  - name: unknown-field
                    handler: s3
                    description: d
                    severity: LOW
                    pattern: {source: [aws.s3]}
                    finding: f
                    sevrity: HIGH
                """;
        InvalidRulesException e = assertThrows(InvalidRulesException.class, () -> rules(yaml));
        List<String> problems = e.problems();
        assertEquals(6, problems.size(), String.join("\n", problems));
        assertTrue(problems.get(0).startsWith("rule bad-pattern, field pattern: event-ruler rejects it"), problems.get(0));
        assertTrue(problems.get(1).startsWith("rule unknown-action, field actions[0].name: unknown action s3.block-public-acess (known: "),
                problems.get(1));
        assertTrue(problems.get(2).startsWith("rule unknown-predicate, field conditions[0].predicate: unknown predicate is-public (known: public-policy"),
                problems.get(2));
        assertTrue(problems.get(3).startsWith("rule template-to-nothing, field finding: ${requestParameters.bucketName} refers to nothing"),
                problems.get(3));
        assertEquals("rule unknown-mode, field mode: unknown mode enforced (known: off | dry-run | alert | enforce)", problems.get(4));
        assertTrue(problems.get(5).startsWith("rule unknown-field, field sevrity: unknown field"), problems.get(5));
        assertTrue(e.getMessage().contains("\n  rule unknown-mode, field mode"), "the start-up message lists every problem");
    }

    @Test
    void aRuleMayNotTakeTheNameOfAJavaPolicyNorOfAnotherRule(@TempDir Path dir) throws Exception {
        String rootApiCall = VALID.replace("bucket-made-public", "root-api-call");
        DeclaredRules rules = new DeclaredRules(List.of(new InlineRules(rootApiCall)), ACTIONS);
        List<Policy> java = SampleTable.get().policies().stream().filter(p -> !(p instanceof DeclaredRule)).toList();
        InvalidRulesException e = assertThrows(InvalidRulesException.class, () -> rules.besides(java));
        assertEquals(List.of("rule root-api-call, field name: a Java policy is already named root-api-call"), e.problems());

        Path file = dir.resolve("more.yaml");
        Files.writeString(file, VALID);
        InvalidRulesException twice = assertThrows(InvalidRulesException.class,
                () -> new DeclaredRules(List.of(new InlineRules(VALID), new RuleFiles(List.of(dir.toString()))), ACTIONS));
        assertEquals(List.of("rule bucket-made-public, field name: another rule is already named bucket-made-public (" + file + ")"),
                twice.problems());
    }

    /** The s3 function's binary holds the s3 actions alone: the bundled rules of other handlers are not its to read. */
    @Test
    void aSingleFunctionsBinaryReadsOnlyItsOwnHandlersRules() {
        Set<String> s3Actions = ACTIONS.stream().filter(a -> a.startsWith("s3.")).collect(java.util.stream.Collectors.toSet());
        List<DeclaredRule> own = new DeclaredRules(List.of(new BundledRules(), new InlineRules(VALID)), s3Actions, "s3").rules();
        assertTrue(own.stream().anyMatch(r -> r.name().equals("bucket-made-public")), own.toString());
        assertTrue(own.stream().anyMatch(r -> r.name().equals("s3-objects-deleted-burst")), own.toString());
        assertTrue(own.stream().allMatch(r -> r.handler().equals("s3")), own.toString());

        InvalidRulesException all = assertThrows(InvalidRulesException.class,
                () -> new DeclaredRules(List.of(new BundledRules()), s3Actions, HandlerNames.ALL));
        assertTrue(all.problems().stream().anyMatch(p -> p.startsWith("rule vpc-peering-foreign-account, field actions[0].name: unknown action "
                + "ec2.delete-vpc-peering-connection")), all.problems().toString());
    }

    @Test
    void filesAndDirectoriesAreReadAndAMissingOneIsAProblem(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.yaml"), VALID);
        Files.writeString(dir.resolve("notes.txt"), "not a rules file");
        assertEquals(List.of("bucket-made-public"),
                new DeclaredRules(List.of(new RuleFiles(List.of(dir.toString()))), ACTIONS).rules().stream().map(Policy::name).toList());
        InvalidRulesException e = assertThrows(InvalidRulesException.class,
                () -> new DeclaredRules(List.of(new RuleFiles(List.of(dir.resolve("missing.yaml").toString()))), ACTIONS));
        assertTrue(e.problems().get(0).startsWith("trailguard.rules.files: cannot read "), e.problems().get(0));
    }

    @Test
    void thePredicatesJudgeWhatTheySay() throws Exception {
        String yaml = """
                rules:
                  - name: predicates
                    handler: network
                    description: d
                    severity: LOW
                    pattern: {source: [aws.ec2]}
                    finding: f
                    conditions:
                      - any:
                          - {predicate: cidr-wider-than, pointer: /detail/requestParameters/ipPermissions, prefix: 16}
                          - {predicate: principal-outside, pointer: /detail/requestParameters/policy, trusted-accounts: ["111122223333"]}
                      - {predicate: compare, pointer: /detail/requestParameters/port, op: ge, value: 22}
                """;
        DeclaredRule rule = rules(yaml).get(0);
        assertTrue(rule.decide(ec2("{\"ipPermissions\": {\"items\": [{\"cidrIp\": \"10.0.0.0/8\"}]}, \"port\": \"443\"}")).matched(),
                "/8 is wider than /16, and 443 >= 22 numerically though logged as text");
        assertFalse(rule.decide(ec2("{\"ipPermissions\": {\"items\": [{\"cidrIp\": \"10.1.2.0/24\"}]}, \"port\": 443}")).matched());
        assertFalse(rule.decide(ec2("{\"ipPermissions\": [\"10.0.0.0/8\"], \"port\": 3}")).matched(), "3 < 22 numerically, not as text");
        assertTrue(rule.decide(ec2("{\"policy\": \"{\'Statement\': [{\'Effect\': \'Allow\', \'Principal\': {\'AWS\': [\'arn:aws:iam::444455556666:root\']}}]}\", \"port\": 22}")).matched(),
                "a foreign account in a policy held in a string");
        assertFalse(rule.decide(ec2("{\"policy\": \"{\'Statement\': [{\'Effect\': \'Allow\', \'Principal\': {\'AWS\': \'111122223333\'}}]}\", \"port\": 22}")).matched(),
                "a trusted account is not outside");
    }

    @Test
    void aTextRefusedWithoutBigDecimalIsOneBigDecimalRefuses() {
        // compare skips BigDecimal (and its exception) for these: only sound if BigDecimal refuses every one of them
        List<String> texts = new java.util.ArrayList<>(List.of("", "+", "-", ".", "+.", "-.5", ".5", "5", "+5", "-5e3", "e5", "E5", "+e5",
                "Root", "IAMUser", "NaN", "Infinity", "-Infinity", "0x10", "\u0661\u0662", "-\u0663", "١", "１２", "\t5", " 5", "5 ", "++5", "-+5",
                "1e", "1.2.3", "arn:aws:iam::123456789012:root", "10.0.0.0/8"));
        java.util.Random random = new java.util.Random(11);
        String alphabet = "+-.eE0123456789 aZ\u0661\uff11_";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder text = new StringBuilder();
            for (int n = random.nextInt(5); n > 0; n--) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            texts.add(text.toString());
        }
        int numbers = 0;
        for (String text : texts) {
            boolean refused;
            try {
                new java.math.BigDecimal(text);
                refused = false;
                numbers++;
            } catch (NumberFormatException e) {
                refused = true;
            }
            assertTrue(refused || Predicates.startsLikeNumber(text), text);
        }
        assertTrue(numbers > 1_000, "the texts should hold numbers too: " + numbers);
    }

    @Test
    void theBundledRulesAreReadAndTheRegistryRunsThem() {
        // in index.txt's order: the first file's rules, then the detection-breadth files'
        assertEquals(List.of("ec2-remote-access", "iam-long-term-key-tokens", "s3-bucket-deleted",
                "secrets-read-burst", "ssm-parameters-decrypted-burst", "ec2-instance-secrets-read-burst",
                "iam-identity-provider-changed", "iam-roles-anywhere-changed",
                "vpc-internet-gateway-attached", "vpc-default-route-to-internet", "vpc-peering-foreign-account",
                "s3-objects-deleted-burst", "rds-deleted-without-final-snapshot", "backup-recovery-removed"),
                new BundledRules().read().stream().flatMap(t -> RuleReader.read(t, ACTIONS, new java.util.ArrayList<>()).stream()).map(Policy::name).toList());
        Map<String, ?> registered = SampleTable.get().registry().policies();
        assertTrue(registered.keySet().containsAll(Set.of("ec2-remote-access", "iam-long-term-key-tokens", "s3-bucket-deleted")));
    }

    private static List<DeclaredRule> rules(String yaml) {
        return new DeclaredRules(List.of(new InlineRules(yaml)), ACTIONS).rules();
    }

    /** A PutBucketPolicy event; the policy written with ' for ", logged as CloudTrail does, as a JSON string. */
    private static TrailEvent event(String bucket, String policy) throws Exception {
        JsonMapper mapper = JsonMapper.builder().build();
        ObjectNode event = (ObjectNode) mapper.readTree("""
                {"source": "aws.s3", "account": "123456789012", "region": "us-east-1", "detail-type": "AWS API Call via CloudTrail",
                 "detail": {"eventSource": "s3.amazonaws.com", "eventName": "PutBucketPolicy", "recipientAccountId": "123456789012",
                   "requestParameters": {}}}
                """);
        ObjectNode parameters = (ObjectNode) event.path("detail").path("requestParameters");
        if (bucket != null) {
            parameters.put("bucketName", bucket);
        }
        parameters.put("bucketPolicy", policy.replace('\'', '"'));
        return mapper.treeToValue(event, TrailEvent.class);
    }

    private static TrailEvent ec2(String requestParameters) throws Exception {
        return JsonMapper.builder().build().readValue("""
                {"source": "aws.ec2", "account": "123456789012", "region": "us-east-1", "detail-type": "AWS API Call via CloudTrail",
                 "detail": {"eventSource": "ec2.amazonaws.com", "eventName": "X", "recipientAccountId": "123456789012", "requestParameters": %s}}
                """.formatted(requestParameters.replace("'", "\\\"")), TrailEvent.class);
    }
}
