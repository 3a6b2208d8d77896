package io.trailguard.infra;

import static io.trailguard.infra.Synth.actions;
import static io.trailguard.infra.Synth.context;
import static io.trailguard.infra.Synth.props;
import static io.trailguard.infra.Synth.resources;
import static io.trailguard.infra.Synth.roleStatements;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;

import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The one-account interception stack, synthesized from the application's real catalog. */
class InterceptionStackTest {

    /** What every function needs besides its policies' actions: logs, alerts, the key, its DLQ, dedup. */
    static final Set<String> PLUMBING = Set.of("logs:CreateLogStream", "logs:PutLogEvents", "sns:Publish", "kms:Decrypt",
            "kms:GenerateDataKey", "sqs:SendMessage", "dynamodb:PutItem", "dynamodb:DeleteItem", "dynamodb:UpdateItem", "dynamodb:GetItem");
    static final Set<String> SQS_SOURCE = Set.of("sqs:ReceiveMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueUrl",
            "sqs:DeleteMessage", "sqs:GetQueueAttributes");

    private final Catalog catalog = Synth.catalog();
    /** The policies deployed by default: all but those whose default mode is off (naming-standard). */
    private final List<CatalogPolicy> enabled = Synth.enabledByDefault(catalog);

    @Test
    void oneRulePerEnabledPolicyWithExactlyItsPatternTargetingItsHandler() {
        Template template = Synth.template(Synth.app(context("regions", "us-east-1")), "trailguard-us-east-1");
        Map<String, Map<String, Object>> rules = resources(template, "AWS::Events::Rule");
        assertEquals(enabled.size(), rules.size(), "one rule per policy enabled by default in us-east-1");
        Map<String, String> functionIds = functionIdsByHandler(template);
        for (CatalogPolicy policy : enabled) {
            List<Map<String, Object>> matching = rules.values().stream()
                    .filter(r -> props(r).get("EventPattern").equals(policy.pattern())).toList();
            assertEquals(1, matching.size(), policy.name() + ": exactly one rule with exactly the catalog pattern");
            Map<String, Object> target = targets(matching.get(0)).get(0);
            assertEquals(Map.of("Fn::GetAtt", List.of(functionIds.get(policy.handler()), "Arn")), target.get("Arn"),
                    policy.name() + " targets the " + policy.handler() + " function");
            // a policy about read-only calls too (access-denied-burst: discovery is Describe/List/Get) gets them
            assertEquals(policy.readOnlyEvents() ? Interception.READ_ONLY_STATE : "ENABLED", props(matching.get(0)).get("State"),
                    policy.name());
        }
    }

    @Test
    void everyTargetHasADeadLetterQueueAndARetryPolicy() {
        App app = Synth.app(context("regions", "us-east-1", "sqsBuffered", "s3", "alertOnlyWithoutFunction", "true"));
        Template template = Synth.template(app, "trailguard-us-east-1");
        Set<String> queues = resources(template, "AWS::SQS::Queue").keySet();
        int checked = 0;
        for (Map<String, Object> rule : resources(template, "AWS::Events::Rule").values()) {
            for (Map<String, Object> target : targets(rule)) {
                @SuppressWarnings("unchecked")
                Map<String, Object> dlq = (Map<String, Object>) target.get("DeadLetterConfig");
                assertNotNull(dlq, "dead-letter queue on " + target);
                assertTrue(queues.contains(((List<?>) ((Map<?, ?>) dlq.get("Arn")).get("Fn::GetAtt")).get(0)), "a queue of this stack");
                @SuppressWarnings("unchecked")
                Map<String, Object> retry = (Map<String, Object>) target.get("RetryPolicy");
                assertEquals(4, retry.get("MaximumRetryAttempts"));
                assertEquals(3600, retry.get("MaximumEventAgeInSeconds"));
                checked++;
            }
        }
        assertEquals(enabled.size(), checked);
        // Lambda's own async retries end in the same dead-letter queue
        template.resourceCountIs("AWS::Lambda::EventInvokeConfig", resources(template, "AWS::Lambda::Function").size());
        for (Map<String, Object> config : resources(template, "AWS::Lambda::EventInvokeConfig").values()) {
            String queue = (String) ((List<?>) ((Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) props(config).get("DestinationConfig"))
                    .get("OnFailure")).get("Destination")).get("Fn::GetAtt")).get(0);
            assertTrue(queue.startsWith("InterceptionDeadLetters"), queue);
        }
    }

    @Test
    void everyRoleGrantsExactlyItsPoliciesActionsAndNoWildcardAction() {
        App app = Synth.app(context("regions", "us-east-1", "sqsBuffered", "s3"));
        Template template = Synth.template(app, "trailguard-us-east-1");
        Map<String, String> roles = roleIdsByHandler(template);
        assertEquals(new TreeSet<>(catalog.handlers()), new TreeSet<>(roles.keySet()), "one role per handler");
        for (String handler : catalog.handlers()) {
            List<Map<String, Object>> statements = roleStatements(template, roles.get(handler));
            Set<String> expected = enabled.stream().filter(p -> p.handler().equals(handler))
                    .flatMap(p -> p.iamActions().stream()).collect(Collectors.toCollection(TreeSet::new));
            List<Map<String, Object>> remediation = statements.stream()
                    .filter(s -> String.valueOf(s.get("Sid")).startsWith("Remediate")).toList();
            assertEquals(expected, actions(remediation), handler + ": the remediation statements grant its policies' actions, exactly");
            List<Map<String, Object>> rest = new ArrayList<>(statements);
            rest.removeAll(remediation);
            Set<String> allowed = new TreeSet<>(PLUMBING);
            if (handler.equals("s3")) {
                allowed.addAll(SQS_SOURCE);
            }
            assertTrue(allowed.containsAll(actions(rest)), handler + " grants nothing else: " + actions(rest));
        }
        assertNoWildcardAction(template);
        // actions are scoped to resources where the API takes one
        Map<String, Object> iamScope = roleStatements(template, roles.get("iam")).stream()
                .filter(s -> "RemediateIam".equals(s.get("Sid"))).findFirst().orElseThrow();
        assertFalse(iamScope.get("Resource").toString().contains("\"*\""), iamScope.toString());
        assertTrue(iamScope.get("Resource").toString().contains(":user/*"), iamScope.toString());
    }

    @Test
    void functionsRunTheNativeBootstrapOnProvidedAl2023WithTheirHandlerEnvironment() {
        Template template = Synth.template(Synth.app(context("regions", "us-east-1", "reservedConcurrency", "5")), "trailguard-us-east-1");
        for (String handler : catalog.handlers()) {
            template.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                    "FunctionName", "trailguard-" + handler,
                    "Runtime", "provided.al2023", "Handler", "bootstrap", "Architectures", List.of("x86_64"),
                    "MemorySize", 256, "Timeout", 60, "ReservedConcurrentExecutions", 5,
                    "Environment", Map.of("Variables", Match.objectLike(Map.of(
                            "QUARKUS_LAMBDA_HANDLER", handler, "DISABLE_SIGNAL_HANDLERS", "true",
                            "TRAILGUARD_DEDUP_TABLE", Match.anyValue(), "TRAILGUARD_ALERTS_SNS_TOPIC_ARN", Match.anyValue()))))));
        }
        template.resourceCountIs("AWS::Lambda::Function", catalog.handlers().size());
    }

    @Test
    void withFunctionCodeEachFunctionIsDeployedFromItsOwnBinarysZip() throws IOException {
        Path dir = Files.createTempDirectory("functions");
        for (String handler : catalog.handlers()) {
            try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(dir.resolve(handler + ".zip")))) {
                zip.putNextEntry(new ZipEntry("bootstrap"));
                zip.write(("#!/bin/sh\n# the " + handler + " binary\n").getBytes());
                zip.closeEntry();
            }
        }
        Template template = Synth.template(Synth.app(context("regions", "us-east-1", "functionCode", dir + "/{handler}.zip")),
                "trailguard-us-east-1");
        Set<Object> keys = resources(template, "AWS::Lambda::Function").values().stream()
                .map(f -> ((Map<?, ?>) props(f).get("Code")).get("S3Key")).collect(Collectors.toSet());
        assertEquals(catalog.handlers().size(), keys.size(), "one asset per function: " + keys);

        Files.delete(dir.resolve(catalog.handlers().get(0) + ".zip"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Synth.app(context("regions", "us-east-1", "functionCode", dir + "/{handler}.zip")));
        assertTrue(e.getMessage().contains("-Dtrailguard.function=" + catalog.handlers().get(0)), e.getMessage());
    }

    @Test
    void withoutFunctionCodeEveryFunctionRunsTheOneZip() {
        Template template = Synth.template(Synth.app(context("regions", "us-east-1")), "trailguard-us-east-1");
        Set<Object> keys = resources(template, "AWS::Lambda::Function").values().stream()
                .map(f -> ((Map<?, ?>) props(f).get("Code")).get("S3Key")).collect(Collectors.toSet());
        assertEquals(1, keys.size(), keys.toString());
    }

    @Test
    void theJvmVariantRunsTheQuarkusStreamHandlerOnJava21() {
        Template template = Synth.template(Synth.app(context("regions", "us-east-1", "runtime", "jvm", "memoryMb", "1536")),
                "trailguard-us-east-1");
        template.allResourcesProperties("AWS::Lambda::Function", Match.objectLike(Map.of("Runtime", "java21",
                "Handler", "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest", "MemorySize", 1536)));
    }

    @Test
    void topicAndQueuesAreEncryptedWithTheCustomerManagedKeyThatEventBridgeMayUse() {
        Template template = Synth.template(Synth.app(context("regions", "us-east-1", "sqsBuffered", "*")), "trailguard-us-east-1");
        String key = resources(template, "AWS::KMS::Key").keySet().iterator().next();
        Map<String, Object> keyRef = Map.of("Fn::GetAtt", List.of(key, "Arn"));
        template.hasResourceProperties("AWS::SNS::Topic", Map.of("KmsMasterKeyId", keyRef));
        template.allResourcesProperties("AWS::SQS::Queue", Match.objectLike(Map.of("KmsMasterKeyId", keyRef)));
        template.hasResourceProperties("AWS::KMS::Key", Map.of("EnableKeyRotation", true, "KeyPolicy", Match.objectLike(Map.of(
                "Statement", Match.arrayWith(List.of(Match.objectLike(Map.of("Sid", "EventBridgeUse",
                        "Principal", Map.of("Service", "events.amazonaws.com"),
                        "Action", List.of("kms:Decrypt", "kms:GenerateDataKey")))))))));
    }

    @Test
    void globalServicePoliciesAreDeployedOnlyInUsEast1() {
        App app = Synth.app(context("regions", "us-east-1,eu-west-1"));
        Template ireland = Synth.template(app, "trailguard-eu-west-1");
        List<CatalogPolicy> regional = enabled.stream().filter(p -> p.belongsIn("eu-west-1")).toList();
        assertTrue(regional.size() < enabled.size(), "the catalog has global-service policies");
        ireland.resourceCountIs("AWS::Events::Rule", regional.size());
        Set<String> handlers = regional.stream().map(CatalogPolicy::handler).collect(Collectors.toSet());
        ireland.resourceCountIs("AWS::Lambda::Function", handlers.size());
        for (CatalogPolicy policy : enabled) {
            boolean deployed = resources(ireland, "AWS::Events::Rule").values().stream()
                    .anyMatch(r -> props(r).get("EventPattern").equals(policy.pattern()));
            assertEquals(policy.homeRegion() == null, deployed, policy.name());
        }
    }

    @Test
    void sqsBufferingFeedsTheFunctionInBatchesReportingItemFailures() {
        Template template = Synth.template(Synth.app(context("regions", "us-east-1", "sqsBuffered", "s3", "sqsBatchSize", "7")),
                "trailguard-us-east-1");
        template.resourceCountIs("AWS::Lambda::EventSourceMapping", 1);
        template.hasResourceProperties("AWS::Lambda::EventSourceMapping", Map.of("BatchSize", 7,
                "FunctionResponseTypes", List.of("ReportBatchItemFailures"), "FunctionName", Match.anyValue(), "EventSourceArn", Match.anyValue()));
        CatalogPolicy s3 = catalog.policies().stream().filter(p -> p.handler().equals("s3")).findFirst().orElseThrow();
        Map<String, Object> rule = resources(template, "AWS::Events::Rule").values().stream()
                .filter(r -> props(r).get("EventPattern").equals(s3.pattern())).findFirst().orElseThrow();
        String target = (String) ((List<?>) ((Map<?, ?>) targets(rule).get(0).get("Arn")).get("Fn::GetAtt")).get(0);
        assertTrue(target.startsWith("InterceptionBuffers3"), "the rule targets the buffer queue: " + target);
    }

    @Test
    void alertOnlyPoliciesCanBeDeployedWithoutAFunction() {
        List<CatalogPolicy> ruleOnly = catalog.policies().stream()
                .filter(p -> p.alertsFromPattern() && p.defaultMode().equals("alert")).toList();
        assertFalse(ruleOnly.isEmpty(), "the catalog has a policy that alerts from its pattern alone");
        Template template = Synth.template(Synth.app(context("regions", "us-east-1", "alertOnlyWithoutFunction", "true")),
                "trailguard-us-east-1");
        String topic = resources(template, "AWS::SNS::Topic").keySet().iterator().next();
        for (CatalogPolicy policy : ruleOnly) {
            Map<String, Object> rule = resources(template, "AWS::Events::Rule").values().stream()
                    .filter(r -> props(r).get("EventPattern").equals(policy.alertPattern())).findFirst()
                    .orElseThrow(() -> new AssertionError(policy.name() + " has no rule with its alert pattern"));
            Map<String, Object> target = targets(rule).get(0);
            assertEquals(Map.of("Ref", topic), target.get("Arn"), policy.name() + " publishes straight to the alert topic");
            String template_ = String.valueOf(((Map<?, ?>) target.get("InputTransformer")).get("InputTemplate"));
            assertTrue(template_.contains(policy.name()) && template_.contains("<detail-eventName>"), template_);
        }
        // the handler's function, if it still has other policies, is told not to run the rule-only ones
        for (CatalogPolicy policy : ruleOnly) {
            String variable = "TRAILGUARD_POLICIES_" + policy.name().toUpperCase().replace('-', '_') + "_MODE";
            for (Map<String, Object> function : resources(template, "AWS::Lambda::Function").values()) {
                Map<?, ?> env = (Map<?, ?>) ((Map<?, ?>) props(function).get("Environment")).get("Variables");
                if (policy.handler().equals(env.get("QUARKUS_LAMBDA_HANDLER"))) {
                    assertEquals("off", env.get(variable));
                }
            }
        }
    }

    @Test
    void aPolicyNeedingReadOnlyEventsGetsTheRuleStateThatDeliversThem() {
        CatalogPolicy policy = catalog.policies().stream().filter(p -> !p.readOnlyEvents()).findFirst().orElseThrow();
        Set<Object> alreadyReadOnly = Set.copyOf(catalog.policies().stream().filter(CatalogPolicy::readOnlyEvents).map(CatalogPolicy::pattern).toList());
        App app = Synth.app(context("regions", "us-east-1",
                "catalog", Synth.catalogWith(policy.name(), "readOnlyEvents", true).toString()));
        Template template = Synth.template(app, "trailguard-us-east-1");
        for (Map<String, Object> rule : resources(template, "AWS::Events::Rule").values()) {
            Object pattern = props(rule).get("EventPattern");
            boolean readOnly = pattern.equals(policy.pattern()) || alreadyReadOnly.contains(pattern);
            assertEquals(readOnly ? "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS" : "ENABLED", props(rule).get("State"));
        }
    }

    @Test
    void modesFromContextTurnRulesOffAndReachTheFunction() {
        CatalogPolicy policy = enabled.get(0);
        String variable = "TRAILGUARD_POLICIES_" + policy.name().toUpperCase().replace('-', '_') + "_MODE";
        Template off = Synth.template(Synth.app(context("regions", "us-east-1", "modes", policy.name() + "=off")), "trailguard-us-east-1");
        off.resourceCountIs("AWS::Events::Rule", enabled.size() - 1);
        Template dryRun = Synth.template(Synth.app(context("regions", "us-east-1", "modes", Map.of(policy.name(), "dry-run"))),
                "trailguard-us-east-1");
        dryRun.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of("Environment",
                Map.of("Variables", Match.objectLike(Map.of(variable, "dry-run"))))));
    }

    @Test
    void aModeForAnUnknownPolicyIsRefused() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Synth.app(context("regions", "us-east-1", "modes", "s3-publik-bucket=off")));
        assertTrue(e.getMessage().contains("s3-publik-bucket"), e.getMessage());
    }

    @Test
    void dedupTableAndArchiveOfApiCalls() {
        Template template = Synth.template(Synth.app(context("regions", "us-east-1", "archiveRetentionDays", "45")), "trailguard-us-east-1");
        template.hasResourceProperties("AWS::DynamoDB::Table", Map.of(
                "KeySchema", List.of(Map.of("AttributeName", "id", "KeyType", "HASH")),
                "AttributeDefinitions", List.of(Map.of("AttributeName", "id", "AttributeType", "S")),
                "TimeToLiveSpecification", Map.of("AttributeName", "expiresAt", "Enabled", true),
                "BillingMode", "PAY_PER_REQUEST"));
        template.hasResourceProperties("AWS::Events::Archive", Match.objectLike(Map.of("RetentionDays", 45,
                "EventPattern", Map.of("detail-type", catalog.allDetailTypes()))));
        for (String role : roleIdsByHandler(template).values()) {
            List<Map<String, Object>> dedup = roleStatements(template, role).stream().filter(s -> "Dedup".equals(s.get("Sid"))).toList();
            assertEquals(Set.of("dynamodb:PutItem", "dynamodb:DeleteItem", "dynamodb:UpdateItem", "dynamodb:GetItem"), actions(dedup),
                    "exactly the calls of the app's DynamoDbDedupStore (conditional PutItem to mark, DeleteItem to forget) and"
                            + " DynamoDbCounterStore (conditional PutItem/UpdateItem to count, GetItem to read a brake)");
            assertEquals(1, resources(template, "AWS::DynamoDB::Table").size());
            assertTrue(dedup.get(0).get("Resource").toString().contains("InterceptionDedup"), dedup.toString());
        }
    }

    @Test
    void alertTargetsAndAuditSinksAreGrantedAndConfiguredOnlyWhenChosen() {
        Template chosen = Synth.template(Synth.app(context("regions", "us-east-1", "securityHub", "true",
                "webhookSsmParameter", "/trailguard/slack-webhook-url", "auditBucket", "tg-audit-111111111111",
                "auditFirehoseStream", "trailguard-audit")), "trailguard-us-east-1");
        Map<String, String> roles = roleIdsByHandler(chosen);
        for (String handler : catalog.handlers()) {
            Map<String, Map<String, Object>> bySid = new java.util.TreeMap<>();
            roleStatements(chosen, roles.get(handler)).forEach(s -> bySid.put(String.valueOf(s.get("Sid")), s));
            assertStatement(bySid.get("SecurityHubFindings"), "securityhub:BatchImportFindings",
                    List.of(":securityhub:", "AWS::Region", ":product/", "AWS::AccountId", "/default"));
            assertStatement(bySid.get("WebhookUrl"), "ssm:GetParameter", List.of(":ssm:", ":parameter/trailguard/slack-webhook-url"));
            assertStatement(bySid.get("AuditArchive"), "s3:PutObject", List.of(":s3:::tg-audit-111111111111/trailguard-audit/*"));
            assertStatement(bySid.get("AuditStream"), "firehose:PutRecord", List.of(":firehose:", ":deliverystream/trailguard-audit"));
            chosen.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                    "Environment", Map.of("Variables", Match.objectLike(Map.of("QUARKUS_LAMBDA_HANDLER", handler,
                            "TRAILGUARD_ALERTS_SECURITY_HUB_ENABLED", "true",
                            "TRAILGUARD_ALERTS_SECURITY_HUB_ACCOUNT_ID", Map.of("Ref", "AWS::AccountId"),
                            "TRAILGUARD_ALERTS_WEBHOOK_URL_SSM_PARAMETER", "/trailguard/slack-webhook-url",
                            "TRAILGUARD_AUDIT_S3_BUCKET", "tg-audit-111111111111", "TRAILGUARD_AUDIT_S3_PREFIX", "trailguard-audit/",
                            "TRAILGUARD_AUDIT_FIREHOSE_STREAM", "trailguard-audit"))))));
        }
        assertNoWildcardAction(chosen);

        Template plain = Synth.template(Synth.app(context("regions", "us-east-1")), "trailguard-us-east-1");
        String everything = resources(plain, "AWS::IAM::Role").toString() + resources(plain, "AWS::Lambda::Function");
        for (String absent : List.of("securityhub:", "ssm:", "s3:PutObject", "firehose:", "TRAILGUARD_ALERTS_SECURITY_HUB",
                "TRAILGUARD_ALERTS_WEBHOOK", "TRAILGUARD_AUDIT_")) {
            assertFalse(everything.contains(absent), absent + " without its context key");
        }
    }

    private static void assertStatement(Map<String, Object> statement, String action, List<String> resourceParts) {
        assertNotNull(statement, action + " granted");
        assertEquals(Set.of(action), actions(List.of(statement)), "exactly " + action);
        String resource = statement.get("Resource").toString();
        for (String part : resourceParts) {
            assertTrue(resource.contains(part), action + " on " + resource + " (expected " + part + ")");
        }
    }

    static void assertNoWildcardAction(Template template) {
        List<Map<String, Object>> statements = new ArrayList<>();
        for (String roleId : resources(template, "AWS::IAM::Role").keySet()) {
            statements.addAll(roleStatements(template, roleId));
        }
        assertFalse(statements.isEmpty());
        for (String action : actions(statements)) {
            assertFalse(action.contains("*"), "wildcard action " + action);
        }
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> targets(Map<String, Object> rule) {
        return (List<Map<String, Object>>) props(rule).get("Targets");
    }

    private static Map<String, String> functionIdsByHandler(Template template) {
        Map<String, String> ids = new java.util.TreeMap<>();
        resources(template, "AWS::Lambda::Function").forEach((id, f) -> ids.put(
                (String) ((Map<?, ?>) ((Map<?, ?>) props(f).get("Environment")).get("Variables")).get("QUARKUS_LAMBDA_HANDLER"), id));
        return ids;
    }

    private static Map<String, String> roleIdsByHandler(Template template) {
        Map<String, String> ids = new java.util.TreeMap<>();
        resources(template, "AWS::Lambda::Function").forEach((id, f) -> ids.put(
                (String) ((Map<?, ?>) ((Map<?, ?>) props(f).get("Environment")).get("Variables")).get("QUARKUS_LAMBDA_HANDLER"),
                (String) ((List<?>) ((Map<?, ?>) props(f).get("Role")).get("Fn::GetAtt")).get(0)));
        return ids;
    }
}
