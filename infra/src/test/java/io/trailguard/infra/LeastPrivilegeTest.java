package io.trailguard.infra;

import static io.trailguard.infra.Synth.context;
import static io.trailguard.infra.Synth.props;
import static io.trailguard.infra.Synth.resources;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.trailguard.infra.IamEvaluator.Request;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Template;

/**
 * Least privilege, both ways, from the AWS calls the application's tests saw the functions make
 * (target/aws-calls/*.jsonl, written during {@code ./mvnw verify} by the unit tests' AwsCallRecorder and by the
 * packaged function under the native-tests, its call log on: the app's remediation.AwsCallLog lines): every call is
 * allowed by the role infra/ gives the function that makes it (in an organization, a call under the member
 * account's remediation role by the member stack's role), and every action a role grants is made by some call
 * or listed with its reason in least-privilege-allowances.txt.
 */
class LeastPrivilegeTest {

    static final Path CALLS = Path.of(System.getProperty("trailguard.aws-calls", "../target/aws-calls"));
    static final Path ALLOWANCES = Path.of("least-privilege-allowances.txt");
    /** moto's account and region: the recorded ARNs are theirs. */
    static final String ACCOUNT = "123456789012";
    static final String REGION = "us-east-1";
    static final String OWN = "own";
    static final String MEMBER = "member";
    static final String ALL = "all";
    /** The calls of an S3 Batch Operations replay (the app names them so): the replay function's, not an interception's. */
    static final String REPLAY = "replay";
    /** Calls IAM authorizes without any policy. */
    static final Set<String> ALWAYS_ALLOWED = Set.of("sts:GetCallerIdentity");
    /** Shape keys of the Batch Operations replay: the trail it read (from its calls), the trail's key. */
    static final String REPLAY_TRAIL = "replay.trail-bucket";
    static final String REPLAY_TRAIL_KEY = "replay.trail-key";
    /** Shape key of the key that decrypts the rules (context rulesKmsKey): the app is never told it, SSM and S3 use it. */
    static final String RULES_KEY = "rules.kms-key";
    /** The handler of a call by a user's declarative rule (trailguard.rules.files or inline: DeclaredRulesIT's), which the catalog does not list. */
    static final String USER_RULE = "user-rule";
    /**
     * The statements a deployment option adds to every function's role (infra's RuleSources and Interception's
     * sinks), by Sid: each must allow a call recorded under that option, since its action alone is used elsewhere.
     */
    static final Set<String> OPTION_STATEMENTS = Set.of("RulesParameter", "RulesObject", "RulesKey", "WebhookUrl",
            "SecurityHubFindings", "AuditArchive", "AuditStream");

    /** One recorded call (the fields of the app's AwsCallLog lines). */
    record Call(String handler, String policy, String action, List<String> resources, String principal, String account,
            String region, Map<String, String> deployment) {
    }

    /**
     * A reason for a grant no test uses ({@code grant ROLE ACTION}), a call no deployed role needs to allow
     * ({@code call ACTION}) or an option's statement no recorded call can exercise ({@code statement SID}, in action).
     */
    record Allowance(String kind, String role, String action, String reason) {
    }

    /**
     * A deployment with every optional sink, the cross-account role, a Batch Operations replay of an encrypted trail,
     * and rules from a SecureString parameter and an S3 object under a customer key: no grant of an option is left out.
     */
    static final Map<String, String> EVERY_OPTION = Map.ofEntries(Map.entry("alerts.security-hub.enabled", "true"),
            Map.entry("alerts.webhook.url-ssm-parameter", "/trailguard/webhook"), Map.entry("audit.s3-bucket", "audit"),
            Map.entry("audit.firehose-stream", "audit"), Map.entry("cross-account.role-name", "trailguard-remediation"),
            Map.entry(REPLAY_TRAIL, "org-trail"), Map.entry(REPLAY_TRAIL_KEY, "arn:aws:kms:" + REGION + ":" + ACCOUNT + ":key/trail"),
            Map.entry("rules.ssm-parameter", "/trailguard/rules"), Map.entry("rules.s3-uri", "s3://tg-rules/prod/rules.yaml"),
            Map.entry(RULES_KEY, "arn:aws:kms:" + REGION + ":" + ACCOUNT + ":key/rules"));

    static List<Call> calls;
    /** Each deployment's stacks, synthesized once for both checks (a synthesis takes seconds). */
    static final Map<Map<String, String>, Deployment> DEPLOYMENTS = new LinkedHashMap<>();
    static List<Allowance> allowances;
    static Catalog catalog;

    @BeforeAll
    static void read() throws IOException {
        catalog = Synth.catalog();
        if (!Files.isDirectory(CALLS)) {
            fail("no recorded AWS calls under " + CALLS.toAbsolutePath() + ": run the application's tests first (./mvnw -B verify)");
        }
        ObjectMapper json = new ObjectMapper();
        calls = new ArrayList<>();
        try (Stream<Path> files = Files.list(CALLS)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".jsonl")).sorted().toList()) {
                for (String line : Files.readAllLines(file)) {
                    if (!line.isBlank()) {
                        calls.add(json.readValue(line, new TypeReference<Call>() { }));
                    }
                }
            }
        }
        assertFalse(calls.isEmpty(), "no recorded AWS calls in " + CALLS.toAbsolutePath());
        allowances = readAllowances();
    }

    @Test
    void everyRecordedCallIsAllowedByTheRoleOfTheFunctionThatMadeIt() {
        List<String> denied = new ArrayList<>();
        for (Call call : distinct(calls)) {
            // a call allowance is about the interception functions: the replay function's role is checked whole
            if (ALWAYS_ALLOWED.contains(call.action()) || !REPLAY.equals(call.handler()) && allowance("call", null, call.action()) != null) {
                continue;
            }
            Deployment deployment = DEPLOYMENTS.computeIfAbsent(deploymentOf(call), Deployment::new);
            denied.addAll(deployment.check(call));
        }
        assertTrue(calls.stream().anyMatch(c -> !OWN.equals(c.principal())),
                "no call under a member account's remediation role was recorded: the cross-account path went unchecked");
        assertEquals(List.of(), denied, denied.size() + " recorded calls would be denied in a deployment");
    }

    @Test
    void everyGrantedActionIsUsedByATestOrListedWithAReason() {
        // the role of each handler in every deployment the tests ran, and one with every option (sinks, rule sources,
        // the cross-account role), so that the grants of options and of the member role are never left out
        Map<String, Set<String>> granted = new TreeMap<>();
        List<Map<String, String>> shapes = new ArrayList<>(calls.stream().map(LeastPrivilegeTest::deploymentOf).distinct().toList());
        shapes.add(EVERY_OPTION);
        for (Map<String, String> shape : shapes) {
            DEPLOYMENTS.computeIfAbsent(shape, Deployment::new).grants().forEach((role, actions) -> granted.computeIfAbsent(role, r -> new TreeSet<>()).addAll(actions));
        }
        List<String> unused = new ArrayList<>();
        granted.forEach((role, actions) -> {
            for (String action : actions) {
                if (!used(role, action) && allowance("grant", role, action) == null) {
                    unused.add(role + ": " + action);
                }
            }
        });
        assertEquals(List.of(), unused, unused.size() + " granted actions are made by no test and have no reason in " + ALLOWANCES);

        // the list stays honest: no reason for a grant that is used, or that no role has any more
        List<String> stale = new ArrayList<>();
        for (Allowance allowance : allowances) {
            if (allowance.kind().equals("statement")) {
                continue;
            }
            if (!allowance.kind().equals("grant")) {
                if (calls.stream().noneMatch(c -> !REPLAY.equals(c.handler()) && IamEvaluator.glob(allowance.action(), c.action(), true))) {
                    stale.add("call " + allowance.action() + ": no such call was recorded");
                }
                continue;
            }
            boolean grantedSomewhere = granted.entrySet().stream().anyMatch(e -> (allowance.role().equals("*") || allowance.role().equals(e.getKey()))
                    && e.getValue().stream().anyMatch(a -> a.equalsIgnoreCase(allowance.action())));
            boolean usedSomewhere = granted.keySet().stream().filter(r -> allowance.role().equals("*") || allowance.role().equals(r))
                    .anyMatch(r -> used(r, allowance.action()));
            if (!grantedSomewhere || usedSomewhere) {
                stale.add("grant " + allowance.role() + " " + allowance.action() + (grantedSomewhere ? ": used by a test now" : ": granted by no role"));
            }
        }
        assertEquals(List.of(), stale, "stale entries in " + ALLOWANCES);
    }

    /**
     * Each statement a deployment option adds (the rules' parameter, object and key, the webhook URL's parameter,
     * the sinks) allows some call recorded in a deployment with that option: its action is used by other statements
     * too, so the action-wide check above would not see it go unused. Every option is synthesized too, so that a
     * statement no test can exercise needs its reason.
     */
    @Test
    void everyStatementADeploymentOptionAddsAllowsARecordedCall() {
        Map<String, Boolean> exercised = new TreeMap<>();
        List<Map<String, String>> recorded = calls.stream().filter(c -> !REPLAY.equals(c.handler())).map(LeastPrivilegeTest::deploymentOf)
                .distinct().toList();
        for (Map<String, String> shape : recorded) {
            List<Call> made = calls.stream().filter(c -> OWN.equals(c.principal()) && !REPLAY.equals(c.handler()) && deploymentOf(c).equals(shape)).toList();
            DEPLOYMENTS.computeIfAbsent(shape, Deployment::new).optionStatements().forEach((sid, allows) ->
                    exercised.merge(sid, made.stream().anyMatch(allows), Boolean::logicalOr));
        }
        DEPLOYMENTS.computeIfAbsent(EVERY_OPTION, Deployment::new).optionStatements().keySet().forEach(sid -> exercised.putIfAbsent(sid, false));
        assertTrue(exercised.keySet().containsAll(List.of("RulesParameter", "RulesObject", "RulesKey")), "the rule sources' statements: " + exercised);

        List<String> unexercised = exercised.entrySet().stream().filter(e -> !e.getValue() && allowance("statement", null, e.getKey()) == null)
                .map(e -> e.getKey() + ": no recorded call in a deployment with its option is allowed by it").toList();
        assertEquals(List.of(), unexercised, unexercised.size() + " statements are exercised by no test and have no reason in " + ALLOWANCES);
        List<String> stale = allowances.stream().filter(a -> a.kind().equals("statement"))
                .filter(a -> !exercised.containsKey(a.action()) || exercised.get(a.action()))
                .map(a -> "statement " + a.action() + (exercised.containsKey(a.action()) ? ": exercised by a test now" : ": in no role")).toList();
        assertEquals(List.of(), stale, "stale entries in " + ALLOWANCES);
    }

    @Test
    void theAlertOnlyRulesMayPublishToTheEncryptedAlertTopic() {
        App app = Synth.app(context("regions", REGION, "account", ACCOUNT, "alertOnlyWithoutFunction", "true"));
        Template template = Synth.template(app, "trailguard-" + REGION);
        Map<String, Object> json = template.toJSON();
        Values values = new Values(json, ACCOUNT, Map.of());
        String topicId = resources(template, "AWS::SNS::Topic").keySet().iterator().next();
        String topic = values.physical(topicId);
        List<Map<String, Object>> topicPolicy = new ArrayList<>();
        for (Map<String, Object> policy : resources(template, "AWS::SNS::TopicPolicy").values()) {
            topicPolicy.addAll(values.statements(props(policy).get("PolicyDocument")));
        }
        List<Map<String, Object>> keyPolicy = keyPolicy(template, values);
        int ruleOnly = 0;
        for (Map.Entry<String, Map<String, Object>> rule : resources(template, "AWS::Events::Rule").entrySet()) {
            List<?> targets = (List<?>) props(rule.getValue()).get("Targets");
            Object arn = ((Map<?, ?>) targets.get(0)).get("Arn");
            if (!Map.of("Ref", topicId).equals(arn)) {
                continue;
            }
            ruleOnly++;
            Map<String, String> context = Map.of("aws:SourceArn", values.physical(rule.getKey(), "Arn"), "aws:SourceAccount", ACCOUNT);
            assertTrue(IamEvaluator.allows(topicPolicy, Request.of("sns:Publish", topic).by("events.amazonaws.com").with(context)),
                    rule.getKey() + ": EventBridge may publish to the alert topic");
            for (String action : List.of("kms:GenerateDataKey", "kms:Decrypt")) {
                assertTrue(IamEvaluator.allows(keyPolicy, Request.of(action, values.physical(keyId(template), "Arn"))
                        .by("events.amazonaws.com").with(context)), rule.getKey() + ": EventBridge may use the topic's key (" + action + ")");
            }
        }
        assertTrue(ruleOnly > 0, "some policy is deployed alert-only, by rule, without a function");
    }

    @Test
    void theAlarmsMayPublishToTheEncryptedAlertTopic() {
        // by default the topic keeps SNS's default policy (the account's principals); alert-only rules give it a policy of its own
        for (String alertOnly : List.of("false", "true")) {
            App app = Synth.app(context("regions", REGION, "account", ACCOUNT, "alertOnlyWithoutFunction", alertOnly));
            Template template = Synth.template(app, "trailguard-" + REGION);
            Values values = new Values(template.toJSON(), ACCOUNT, Map.of());
            String topicId = resources(template, "AWS::SNS::Topic").keySet().iterator().next();
            List<Map<String, Object>> topicPolicy = new ArrayList<>();
            for (Map<String, Object> policy : resources(template, "AWS::SNS::TopicPolicy").values()) {
                topicPolicy.addAll(values.statements(props(policy).get("PolicyDocument")));
            }
            List<Map<String, Object>> keyPolicy = keyPolicy(template, values);
            int alarms = 0;
            for (Map.Entry<String, Map<String, Object>> alarm : resources(template, "AWS::CloudWatch::Alarm").entrySet()) {
                assertEquals(List.of(Map.of("Ref", topicId)), props(alarm.getValue()).get("AlarmActions"), alarm.getKey());
                alarms++;
                String name = alarm.getKey() + " (alert-only rules " + alertOnly + ")";
                Map<String, String> context = Map.of("aws:SourceArn", "arn:aws:cloudwatch:" + REGION + ":" + ACCOUNT + ":alarm:" + alarm.getKey(),
                        "aws:SourceAccount", ACCOUNT);
                if (!topicPolicy.isEmpty()) {
                    assertTrue(IamEvaluator.allows(topicPolicy, Request.of("sns:Publish", values.physical(topicId))
                            .by("cloudwatch.amazonaws.com").with(context)), name + ": CloudWatch may publish to the alert topic");
                }
                for (String action : List.of("kms:GenerateDataKey", "kms:Decrypt")) {
                    assertTrue(IamEvaluator.allows(keyPolicy, Request.of(action, values.physical(keyId(template), "Arn"))
                            .by("cloudwatch.amazonaws.com").with(context)), name + ": CloudWatch may use the topic's key (" + action + ")");
                }
            }
            assertTrue(alarms > 0, "the stack has alarms");
        }
    }

    @Test
    void theBatchOperationsJobMayInvokeTheReplayFunctionReadItsManifestAndWriteItsReport() {
        App app = Synth.app(context("regions", REGION, "account", ACCOUNT, "replayTrailBucket", "org-trail", "auditBucket", "tg-audit"));
        Template template = Synth.template(app, "trailguard-" + REGION);
        Values values = new Values(template.toJSON(), ACCOUNT, Map.of());
        String roleId = resources(template, "AWS::IAM::Role").entrySet().stream()
                .filter(r -> String.valueOf(props(r.getValue()).get("AssumeRolePolicyDocument")).contains("batchoperations.s3.amazonaws.com"))
                .map(Map.Entry::getKey).findFirst().orElseThrow();
        String jobs = resources(template, "AWS::S3::Bucket").keySet().stream().filter(id -> id.contains("Jobs")).findFirst().orElseThrow();
        String function = resources(template, "AWS::Lambda::Function").entrySet().stream()
                .filter(f -> BatchReplay.FUNCTION_NAME.equals(props(f.getValue()).get("FunctionName"))).map(Map.Entry::getKey).findFirst().orElseThrow();
        List<Map<String, Object>> statements = values.statements(Synth.roleStatements(template, roleId));
        String functionArn = values.physical(function, "Arn");
        String bucket = "arn:aws:s3:::" + jobs.toLowerCase();
        // exactly what a job does (README "Replay with S3 Batch Operations"), and nothing beside it
        for (Request allowed : List.of(Request.of("lambda:InvokeFunction", functionArn), Request.of("s3:GetObject", bucket + "/manifests/job-1.csv"),
                Request.of("s3:GetObjectVersion", bucket + "/manifests/job-1.csv"), Request.of("s3:PutObject", bucket + "/reports/job-1/report.json"))) {
            assertTrue(IamEvaluator.allows(statements, allowed), "the job role allows " + allowed);
        }
        for (Request denied : List.of(Request.of("lambda:InvokeFunction", functionArn.replace(BatchReplay.FUNCTION_NAME, "trailguard-s3")),
                Request.of("s3:PutObject", bucket + "/manifests/job-1.csv"), Request.of("s3:GetObject", "arn:aws:s3:::org-trail/AWSLogs/x.json.gz"),
                Request.of("s3:GetObject", bucket + "/reports/job-1/report.json"))) {
            assertFalse(IamEvaluator.allows(statements, denied), "the job role does not allow " + denied);
        }
    }

    /**
     * Whether some recorded call made {@code action} under {@code role}. A policy's action counts when that policy's
     * function made it; what every function holds to run (the alert topic, the key, the dedup table, the sinks, the
     * member role) is called by the same shared code whichever function runs it, so any function's call counts; the
     * member role holds every policy's actions, called by the same executors as in the own account.
     */
    private static boolean used(String role, String action) {
        boolean policyAction = catalog.policies().stream().filter(p -> p.handler().equals(role))
                .anyMatch(p -> p.iamActions().stream().anyMatch(a -> a.equalsIgnoreCase(action)));
        for (Call call : calls) {
            String by = handlerOf(call);
            boolean byRole = switch (role) {
                case MEMBER -> true;
                case REPLAY -> by.equals(REPLAY);
                default -> policyAction ? by.equals(role) || by.equals(ALL) : !by.equals(REPLAY);
            };
            if (byRole && (IamEvaluator.glob(action, call.action(), true) || implied(call).stream().anyMatch(a -> IamEvaluator.glob(action, a, true)))) {
                return true;
            }
        }
        return false;
    }

    /** The calls AWS makes with the caller's permissions on its behalf: SNS encrypts with the topic's key. */
    private static List<String> implied(Call call) {
        return call.action().equals("sns:Publish") ? List.of("kms:GenerateDataKey", "kms:Decrypt") : List.of();
    }

    /**
     * The handler whose function makes the call: its policy's, else the invoked one's ({@code all}: any function);
     * {@code user-rule} for a policy the catalog does not list, a rule the function read from its own rules file.
     */
    private static String handlerOf(Call call) {
        // a replay decides every policy's events with the replay function's role
        if (call.policy() != null && !REPLAY.equals(call.handler())) {
            return catalog.policies().stream().filter(p -> p.name().equals(call.policy())).map(CatalogPolicy::handler).findFirst()
                    .orElse(USER_RULE);
        }
        return call.handler();
    }

    /**
     * The deployment a call ran in: the function's configuration, and for a replay's calls the trail bucket it read,
     * which infra's replay function is given (context replayTrailBucket).
     */
    private static Map<String, String> deploymentOf(Call call) {
        if (!REPLAY.equals(call.handler())) {
            return call.deployment();
        }
        Map<String, String> shape = new TreeMap<>(call.deployment());
        calls.stream().filter(c -> REPLAY.equals(c.handler()) && c.deployment().equals(call.deployment()) && c.action().equals("s3:GetObject"))
                .flatMap(c -> c.resources().stream()).map(arn -> arn.substring("arn:aws:s3:::".length()).split("/")[0])
                .findFirst().ifPresent(bucket -> shape.put(REPLAY_TRAIL, bucket));
        return shape;
    }

    private static List<Call> distinct(List<Call> calls) {
        return calls.stream().map(c -> new Call(handlerOf(c), null, c.action(), c.resources(), c.principal(), c.account(), c.region(),
                c.deployment())).distinct().toList();
    }

    private static Allowance allowance(String kind, String role, String action) {
        return allowances.stream().filter(a -> a.kind().equals(kind) && (role == null || a.role().equals("*") || a.role().equals(role))
                && IamEvaluator.glob(a.action(), action, true)).findFirst().orElse(null);
    }

    private static List<Allowance> readAllowances() throws IOException {
        List<Allowance> read = new ArrayList<>();
        for (String line : Files.readAllLines(ALLOWANCES)) {
            String text = line.strip();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            int dash = text.indexOf(" — ");
            String[] head = (dash < 0 ? text : text.substring(0, dash)).trim().split("\\s+");
            String reason = dash < 0 ? "" : text.substring(dash + 3).trim();
            boolean grant = head.length == 3 && head[0].equals("grant");
            boolean call = head.length == 2 && (head[0].equals("call") || head[0].equals("statement"));
            if (!(grant || call) || reason.isEmpty()) {
                fail(ALLOWANCES + ": not 'grant ROLE ACTION — reason', 'call ACTION — reason' nor 'statement SID — reason': " + line);
            }
            read.add(grant ? new Allowance("grant", head[1], head[2], reason) : new Allowance(head[0], "*", head[1], reason));
        }
        return read;
    }

    private static String keyId(Template template) {
        return resources(template, "AWS::KMS::Key").keySet().iterator().next();
    }

    private static List<Map<String, Object>> keyPolicy(Template template, Values values) {
        return values.statements(props(resources(template, "AWS::KMS::Key").get(keyId(template))).get("KeyPolicy"));
    }

    /** The stacks infra synthesizes for the configuration a test ran the function with, and the check of a call against them. */
    static final class Deployment {

        private final Map<String, String> shape;
        private final Template functions;
        private final Template member;

        Deployment(Map<String, String> shape) {
            this.shape = shape;
            Map<String, Object> context = context("regions", REGION, "account", ACCOUNT, "runtime", "jvm");
            // policies off by default (naming-standard) are deployed as their tests run them
            List<String> offByDefault = catalog.policies().stream().filter(p -> "off".equals(p.defaultMode())).map(p -> p.name() + "=alert").toList();
            if (!offByDefault.isEmpty()) {
                context.put("modes", String.join(",", offByDefault));
            }
            put(context, "securityHub", shape.get("alerts.security-hub.enabled"));
            put(context, "webhookSsmParameter", shape.get("alerts.webhook.url-ssm-parameter"));
            put(context, "auditBucket", shape.get("audit.s3-bucket"));
            put(context, "auditPrefix", shape.get("audit.s3-prefix"));
            put(context, "auditFirehoseStream", shape.get("audit.firehose-stream"));
            put(context, "replayTrailBucket", shape.get(REPLAY_TRAIL));
            put(context, "replayTrailKeyArn", shape.get(REPLAY_TRAIL_KEY));
            put(context, "rulesSsmParameter", shape.get("rules.ssm-parameter"));
            put(context, "rulesS3Uri", shape.get("rules.s3-uri"));
            put(context, "rulesKmsKey", shape.get(RULES_KEY));
            boolean organization = shape.containsKey("cross-account.role-name");
            if (organization) {
                context.putAll(context("deployment", "organization", "organizationId", "o-exampleorg1", "centralAccount", ACCOUNT,
                        "remediationRoleName", shape.get("cross-account.role-name")));
                put(context, "externalId", shape.get("cross-account.external-id"));
            }
            App app = Synth.app(context);
            functions = Synth.template(app, (organization ? "trailguard-central-" : "trailguard-") + REGION);
            member = organization ? Synth.template(app, "trailguard-member") : null;
        }

        private static void put(Map<String, Object> context, String key, String value) {
            if (value != null) {
                context.put(key, value);
            }
        }

        /** Actions each role grants (Allow statements): by handler, and {@code member}. */
        Map<String, Set<String>> grants() {
            Map<String, Set<String>> grants = new TreeMap<>();
            roleIdsByHandler().forEach((handler, roleId) -> grants.put(handler, actions(Synth.roleStatements(functions, roleId))));
            if (member != null) {
                grants.put(MEMBER, actions(Synth.roleStatements(member, memberRoleId())));
            }
            return grants;
        }

        /**
         * The statements of {@link #OPTION_STATEMENTS} in the interception functions' roles, by Sid, each as the test
         * of whether it alone allows a call on one of the call's resources.
         */
        Map<String, Predicate<Call>> optionStatements() {
            Map<String, Predicate<Call>> statements = new TreeMap<>();
            Values values = new Values(functions.toJSON(), ACCOUNT, shape);
            roleIdsByHandler().forEach((handler, roleId) -> {
                if (handler.equals(REPLAY)) {
                    return;
                }
                String roleArn = values.physical(roleId, "Arn");
                for (Map<String, Object> statement : values.statements(Synth.roleStatements(functions, roleId))) {
                    Object sid = statement.get("Sid");
                    if (sid != null && OPTION_STATEMENTS.contains(sid)) {
                        statements.merge((String) sid, call -> call.resources().stream().anyMatch(resource -> IamEvaluator.allows(List.of(statement),
                                Request.of(call.action(), resource).by(roleArn).with(Map.of("aws:PrincipalArn", roleArn)))), Predicate::or);
                    }
                }
            });
            return statements;
        }

        /** Why the call would be denied, one line per resource; empty when it is allowed. */
        List<String> check(Call call) {
            String handler = call.handler();
            Map<String, String> roles = roleIdsByHandler();
            List<String> roleIds;
            if (!OWN.equals(call.principal())) {
                return checkAsMember(call);
            } else if (ALL.equals(handler)) {
                roleIds = roles.entrySet().stream().filter(r -> !r.getKey().equals(REPLAY)).map(Map.Entry::getValue).toList();
            } else if (roles.containsKey(handler)) {
                roleIds = List.of(roles.get(handler));
            } else if (USER_RULE.equals(handler)) {
                // the rule's function holds its actions when infra's catalog is built with the rules file (UserRulesTest);
                // the recorded line does not name that function, so some interception function's role must allow it
                List<String> denied = new ArrayList<>();
                for (Map.Entry<String, String> role : roles.entrySet()) {
                    if (!role.getKey().equals(REPLAY)) {
                        List<String> byRole = checkRoles(call, List.of(role.getValue()));
                        if (byRole.isEmpty()) {
                            return List.of();
                        }
                        denied.addAll(byRole);
                    }
                }
                return List.of(USER_RULE + ": " + call.action() + " allowed by no function's role: " + denied);
            } else {
                return List.of(handler + ": " + call.action() + " by a function infra does not deploy");
            }
            return checkRoles(call, roleIds);
        }

        /** Why each of these roles would deny the call, one line per role and resource; empty when every one allows it. */
        private List<String> checkRoles(Call call, List<String> roleIds) {
            Values values = new Values(functions.toJSON(), ACCOUNT, shape);
            List<String> denied = new ArrayList<>();
            for (String roleId : roleIds) {
                String roleArn = values.physical(roleId, "Arn");
                List<Map<String, Object>> statements = values.statements(Synth.roleStatements(functions, roleId));
                Map<String, String> context = Map.of("aws:PrincipalArn", roleArn);
                for (String resource : call.resources()) {
                    Request request = Request.of(call.action(), resource).by(roleArn).with(context);
                    if (!IamEvaluator.allows(statements, request)) {
                        denied.add(describe(call, roleArn, resource, IamEvaluator.evaluate(statements, request)));
                    } else if (call.action().equals("sts:AssumeRole")) {
                        denied.addAll(checkTrust(call, roleArn, resource));
                    }
                }
                if (call.action().equals("sns:Publish") && call.resources().contains(shape.get("alerts.sns-topic-arn"))) {
                    // SNS encrypts the message with the topic's key, with the publisher's permissions: its role and the key policy
                    String key = values.physical(keyId(functions), "Arn");
                    List<Map<String, Object>> keyPolicy = keyPolicy(functions, values);
                    for (String action : implied(call)) {
                        Request use = Request.of(action, key).by(roleArn).with(context);
                        if (!IamEvaluator.allows(statements, use) || !IamEvaluator.allows(keyPolicy, use)) {
                            denied.add(describe(call, roleArn, key, IamEvaluator.Outcome.IMPLICITLY_DENIED) + " (" + action
                                    + " on the alert topic's key, by its role and the key policy)");
                        }
                    }
                }
            }
            return denied;
        }

        private List<String> checkAsMember(Call call) {
            if (member == null) {
                return List.of(call.action() + " under " + call.principal() + " in a deployment without a cross-account role");
            }
            Map<String, Object> role = resources(member, "AWS::IAM::Role").get(memberRoleId());
            String roleName = (String) props(role).get("RoleName");
            if (!call.principal().equals("arn:aws:iam::" + call.account() + ":role/" + roleName)) {
                return List.of(call.action() + " under " + call.principal() + ", not the member stack's role " + roleName);
            }
            Values values = new Values(member.toJSON(), call.account(), shape);
            List<Map<String, Object>> statements = values.statements(Synth.roleStatements(member, memberRoleId()));
            List<String> denied = new ArrayList<>();
            for (String resource : call.resources()) {
                Request request = Request.of(call.action(), resource).by(call.principal()).with(Map.of("aws:PrincipalArn", call.principal()));
                if (!IamEvaluator.allows(statements, request)) {
                    denied.add(describe(call, call.principal(), resource, IamEvaluator.evaluate(statements, request)));
                }
            }
            return denied;
        }

        /** The member role's trust policy admits the central function's role (its conditions: the role name, the external id). */
        private List<String> checkTrust(Call call, String functionRole, String memberRole) {
            if (member == null) {
                return List.of(call.action() + " on " + memberRole + " in a deployment without a member stack");
            }
            Map<String, Object> role = resources(member, "AWS::IAM::Role").get(memberRoleId());
            Values values = new Values(member.toJSON(), memberRole.split(":", 6)[4], shape);
            List<Map<String, Object>> trust = values.statements(props(role).get("AssumeRolePolicyDocument"));
            Map<String, String> context = new LinkedHashMap<>();
            context.put("aws:PrincipalArn", functionRole);
            if (shape.containsKey("cross-account.external-id")) {
                context.put("sts:ExternalId", shape.get("cross-account.external-id"));
            }
            Request assume = Request.of("sts:AssumeRole", memberRole).by(functionRole).with(context);
            return IamEvaluator.allows(trust, assume) ? List.of()
                    : List.of(describe(call, functionRole, memberRole, IamEvaluator.evaluate(trust, assume)) + " (the member role's trust policy)");
        }

        /** The remediation role (the member stack's other role is EventBridge's, forwarding to the central bus). */
        private String memberRoleId() {
            String name = shape.get("cross-account.role-name");
            return resources(member, "AWS::IAM::Role").entrySet().stream().filter(r -> name.equals(props(r.getValue()).get("RoleName")))
                    .map(Map.Entry::getKey).findFirst().orElseThrow(() -> new AssertionError("the member stack has no role " + name));
        }

        /** Each function's role by the handler it runs ({@code replay}: the Batch Operations replay function, which runs all). */
        private Map<String, String> roleIdsByHandler() {
            Map<String, String> ids = new TreeMap<>();
            resources(functions, "AWS::Lambda::Function").forEach((id, f) -> ids.put(
                    BatchReplay.FUNCTION_NAME.equals(props(f).get("FunctionName")) ? REPLAY
                            : (String) ((Map<?, ?>) ((Map<?, ?>) props(f).get("Environment")).get("Variables")).get("QUARKUS_LAMBDA_HANDLER"),
                    (String) ((List<?>) ((Map<?, ?>) props(f).get("Role")).get("Fn::GetAtt")).get(0)));
            return ids;
        }

        private static Set<String> actions(List<Map<String, Object>> statements) {
            return Synth.actions(statements.stream().filter(s -> "Allow".equals(s.get("Effect"))).toList());
        }

        private String describe(Call call, String role, String resource, IamEvaluator.Outcome outcome) {
            return call.handler() + ": " + call.action() + " on " + resource + " " + outcome.name().toLowerCase().replace('_', ' ')
                    + " for " + role + " (deployment " + shape + ")";
        }
    }

    /**
     * A template's values as the test deployment has them: the alert topic and dedup table the function was
     * configured with, the names infra gives, moto's account and region.
     */
    static final class Values {

        private final TemplateValues values;

        @SuppressWarnings("unchecked")
        Values(Map<String, Object> template, String account, Map<String, String> shape) {
            this.values = new TemplateValues(template, "aws", account, REGION, (id, type, properties, attribute) -> {
                String arn = ":" + REGION + ":" + account + ":";
                return switch (type) {
                    case "AWS::SNS::Topic" -> shape.getOrDefault("alerts.sns-topic-arn", "arn:aws:sns" + arn + id);
                    case "AWS::DynamoDB::Table" -> {
                        String table = shape.getOrDefault("dedup.table", id);
                        yield attribute == null ? table : "arn:aws:dynamodb" + arn + "table/" + table;
                    }
                    case "AWS::KMS::Key" -> attribute == null ? id : "arn:aws:kms" + arn + "key/" + id;
                    case "AWS::SQS::Queue" -> attribute == null ? "https://sqs." + REGION + ".amazonaws.com/" + account + "/" + id
                            : "arn:aws:sqs" + arn + id;
                    case "AWS::Logs::LogGroup" -> "arn:aws:logs" + arn + "log-group:" + properties.get("LogGroupName") + ":*";
                    case "AWS::IAM::Role" -> attribute == null ? (String) properties.get("RoleName")
                            : "arn:aws:iam::" + account + ":role/" + properties.get("RoleName");
                    case "AWS::Events::EventBus" -> "arn:aws:events" + arn + "event-bus/" + properties.get("Name");
                    case "AWS::Events::Rule" -> "arn:aws:events" + arn + "rule/" + id;
                    case "AWS::Lambda::Function" -> "arn:aws:lambda" + arn + "function:" + properties.get("FunctionName");
                    case "AWS::S3::Bucket" -> attribute == null ? id.toLowerCase() : "arn:aws:s3:::" + id.toLowerCase();
                    default -> null;
                };
            });
        }

        String physical(String logicalId) {
            return (String) values.resolve(Map.of("Ref", logicalId));
        }

        String physical(String logicalId, String attribute) {
            return (String) values.resolve(Map.of("Fn::GetAtt", List.of(logicalId, attribute)));
        }

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> statements(Object documentOrStatements) {
            Object resolved = values.resolve(documentOrStatements);
            if (resolved instanceof Map<?, ?> document) {
                Object statements = document.get("Statement");
                return statements instanceof List<?> list ? (List<Map<String, Object>>) list : List.of((Map<String, Object>) statements);
            }
            return (List<Map<String, Object>>) resolved;
        }
    }
}
