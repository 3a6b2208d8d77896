package io.trailguard.infra;

import static io.trailguard.infra.Synth.actions;
import static io.trailguard.infra.Synth.context;
import static io.trailguard.infra.Synth.props;
import static io.trailguard.infra.Synth.resources;
import static io.trailguard.infra.Synth.roleStatements;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import software.amazon.awscdk.assertions.Template;

/**
 * A user's rules file, with no change to infra's code: the application's {@code catalog --rules FILE} (the real runner
 * jar the build wrote) lists the rule, and the synthesized stack deploys its EventBridge rule and grants its actions.
 */
class UserRulesTest {

    static final String RULES = """
            rules:
              - name: ec2-imdsv1-reenabled
                handler: security
                description: Instance metadata made reachable without a session token (IMDSv1)
                severity: HIGH
                mode: enforce
                pattern:
                  source: [aws.ec2]
                  detail-type: [AWS API Call via CloudTrail]
                  detail:
                    eventSource: [ec2.amazonaws.com]
                    eventName: [ModifyInstanceMetadataOptions]
                    requestParameters:
                      ModifyInstanceMetadataOptionsRequest:
                        HttpTokens: [{equals-ignore-case: optional}]
                finding: "IMDSv1 re-enabled on ${detail.requestParameters.ModifyInstanceMetadataOptionsRequest.InstanceId}"
                actions:
                  - name: ec2.stop-instances
                    params:
                      instance-ids: ["${detail.requestParameters.ModifyInstanceMetadataOptionsRequest.InstanceId}"]
            """;

    @TempDir
    Path dir;

    @Test
    void aRulesFilesRuleIsDeployedWithItsPatternAndItsActionsGrants() throws Exception {
        Path rules = Files.writeString(dir.resolve("my-rules.yaml"), RULES);
        Path catalogFile = dir.resolve("policy-catalog.json");
        catalog("--rules", rules.toString(), catalogFile.toString());

        Template template = Synth.template(Synth.app(context("regions", "us-east-1", "catalog", catalogFile.toString())), "trailguard-us-east-1");
        Object expectedPattern = new ObjectMapper().readValue("""
                {"source": ["aws.ec2"], "detail-type": ["AWS API Call via CloudTrail"], "detail": {"eventSource": ["ec2.amazonaws.com"],
                 "eventName": ["ModifyInstanceMetadataOptions"],
                 "requestParameters": {"ModifyInstanceMetadataOptionsRequest": {"HttpTokens": [{"equals-ignore-case": "optional"}]}}}}""",
                Map.class);
        List<Map<String, Object>> eventRules = resources(template, "AWS::Events::Rule").values().stream()
                .filter(r -> expectedPattern.equals(props(r).get("EventPattern"))).toList();
        assertEquals(1, eventRules.size(), "one EventBridge rule with the rule's pattern");
        assertEquals("ENABLED", props(eventRules.get(0)).get("State"));
        String securityFunction = functionId(template, "security");
        @SuppressWarnings("unchecked")
        Map<String, Object> target = ((List<Map<String, Object>>) props(eventRules.get(0)).get("Targets")).get(0);
        assertEquals(Map.of("Fn::GetAtt", List.of(securityFunction, "Arn")), target.get("Arn"), "it targets the security function");

        // the security role grants the rule's action's permissions; without the rule it does not
        Set<String> granted = remediationActions(template, securityFunction);
        assertTrue(granted.containsAll(Set.of("ec2:DescribeInstances", "ec2:StopInstances")), granted.toString());
        Template without = Synth.template(Synth.app(context("regions", "us-east-1")), "trailguard-us-east-1");
        Set<String> before = remediationActions(without, functionId(without, "security"));
        granted.removeAll(before);
        assertEquals(Set.of("ec2:DescribeInstances", "ec2:StopInstances"), granted, "what the user's rule added to the role");
    }

    @Test
    void rulesFromAnSsmParameterAndAnS3ObjectAreReadWithGrantsOnExactlyThoseResources() {
        Template template = Synth.template(Synth.app(context("regions", "us-east-1", "rulesSsmParameter", "/trailguard/rules",
                "rulesS3Uri", "s3://tg-rules/prod/rules.yaml", "rulesKmsKey", "arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab")),
                "trailguard-us-east-1");
        Map<String, Map<String, Object>> functions = resources(template, "AWS::Lambda::Function");
        assertTrue(functions.size() > 1, "every function");
        for (String functionId : functions.keySet()) {
            Map<?, ?> variables = (Map<?, ?>) ((Map<?, ?>) props(functions.get(functionId)).get("Environment")).get("Variables");
            assertEquals("/trailguard/rules", variables.get("TRAILGUARD_RULES_SSM_PARAMETER"));
            assertEquals("s3://tg-rules/prod/rules.yaml", variables.get("TRAILGUARD_RULES_S3_URI"));
            String roleId = (String) ((List<?>) ((Map<?, ?>) props(functions.get(functionId)).get("Role")).get("Fn::GetAtt")).get(0);
            Map<String, Map<String, Object>> bySid = new java.util.TreeMap<>();
            roleStatements(template, roleId).forEach(st -> bySid.put(String.valueOf(st.get("Sid")), st));
            assertEquals("ssm:GetParameter", bySid.get("RulesParameter").get("Action"));
            assertTrue(bySid.get("RulesParameter").get("Resource").toString().contains(":parameter/trailguard/rules"), bySid.get("RulesParameter").toString());
            assertEquals("s3:GetObject", bySid.get("RulesObject").get("Action"));
            assertTrue(bySid.get("RulesObject").get("Resource").toString().contains(":s3:::tg-rules/prod/rules.yaml]"), bySid.get("RulesObject").toString());
            assertEquals(Map.of("Sid", "RulesKey", "Effect", "Allow", "Action", "kms:Decrypt",
                    "Resource", "arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab"), bySid.get("RulesKey"));
        }
        Template plain = Synth.template(Synth.app(context("regions", "us-east-1")), "trailguard-us-east-1");
        String json = plain.toJSON().toString();
        assertFalse(json.contains("RulesParameter") || json.contains("RulesObject") || json.contains("RulesKey")
                || json.contains("TRAILGUARD_RULES_"), "no grant nor setting when no source is configured");
    }

    /** Runs the application's catalog command on the runner jar of the last {@code ./mvnw package}. */
    static void catalog(String... args) throws IOException, InterruptedException {
        Path jar;
        try (Stream<Path> target = Files.list(Path.of("../target"))) {
            jar = target.filter(p -> p.getFileName().toString().endsWith("-runner.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no runner jar in ../target: build the application first (.ci/test-infra does)"));
        }
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "catalog"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "catalog finished");
        assertEquals(0, process.exitValue(), output);
    }

    private static Set<String> remediationActions(Template template, String functionId) {
        String roleId = (String) ((List<?>) ((Map<?, ?>) props(resources(template, "AWS::Lambda::Function").get(functionId)).get("Role"))
                .get("Fn::GetAtt")).get(0);
        return new TreeSet<>(actions(roleStatements(template, roleId).stream()
                .filter(s -> String.valueOf(s.get("Sid")).startsWith("Remediate")).toList()));
    }

    private static String functionId(Template template, String handler) {
        return resources(template, "AWS::Lambda::Function").entrySet().stream()
                .filter(f -> handler.equals(((Map<?, ?>) ((Map<?, ?>) props(f.getValue()).get("Environment")).get("Variables"))
                        .get("QUARKUS_LAMBDA_HANDLER")))
                .map(Map.Entry::getKey).findFirst().orElseThrow(() -> new AssertionError("no " + handler + " function"));
    }
}
