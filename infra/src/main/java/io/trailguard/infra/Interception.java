package io.trailguard.infra;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.events.Archive;
import software.amazon.awscdk.services.events.CfnRule;
import software.amazon.awscdk.services.events.EventField;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.IEventBus;
import software.amazon.awscdk.services.events.IRuleTarget;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.RuleTargetInput;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.events.targets.LambdaFunctionProps;
import software.amazon.awscdk.services.events.targets.SnsTopic;
import software.amazon.awscdk.services.events.targets.SnsTopicProps;
import software.amazon.awscdk.services.events.targets.SqsQueue;
import software.amazon.awscdk.services.events.targets.SqsQueueProps;
import software.amazon.awscdk.services.iam.AccountRootPrincipal;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.CfnEventInvokeConfig;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSource;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSourceProps;
import software.amazon.awscdk.services.logs.CfnLogGroup;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * trailguard in one region on one event bus: per enabled policy an EventBridge rule with the policy's own
 * pattern; per handler one function with its own least-privilege role; the encrypted alert topic, dead-letter
 * queues, the dedup table and an archive of the API-call events for replay. Everything comes from the catalog.
 */
public class Interception extends Construct {

    /** Prefix of the functions' role names: member accounts trust roles named so, the loop guard ignores them. */
    public static final String ROLE_PREFIX = "trailguard-fn-";
    static final String JVM_HANDLER = "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest";
    static final String READ_ONLY_STATE = "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS";

    private final Key key;
    private final Topic alerts;
    private final Table dedup;
    private final Map<String, Function> functions = new LinkedHashMap<>();
    private final Map<String, Rule> rules = new LinkedHashMap<>();
    private final Map<String, Queue> deadLetters = new LinkedHashMap<>();
    private final Operations operations;

    /**
     * @param bus           the bus the rules listen on: the account's default bus, or the organization's central bus
     * @param crossAccount  whether the functions assume the remediation role of the event's account
     */
    public Interception(Construct scope, String id, Catalog catalog, Settings settings, String region, IEventBus bus,
            boolean crossAccount) {
        super(scope, id);
        key = Key.Builder.create(this, "Key").enableKeyRotation(true).removalPolicy(RemovalPolicy.RETAIN)
                .description("trailguard: alert topic and queues").build();
        // EventBridge publishes to the encrypted topic and sends to the encrypted queues
        key.addToResourcePolicy(PolicyStatement.Builder.create().sid("EventBridgeUse").effect(Effect.ALLOW)
                .principals(List.of(new ServicePrincipal("events.amazonaws.com")))
                .actions(List.of("kms:Decrypt", "kms:GenerateDataKey")).resources(List.of("*"))
                .conditions(Map.of("StringEquals", Map.of("aws:SourceAccount", Aws.ACCOUNT_ID))).build());
        // the functions, whose roles do not exist yet when the key is created: matched by name, not as principals
        key.addToResourcePolicy(PolicyStatement.Builder.create().sid("TrailguardFunctionsUse").effect(Effect.ALLOW)
                .principals(List.of(new AccountRootPrincipal()))
                .actions(List.of("kms:Decrypt", "kms:GenerateDataKey")).resources(List.of("*"))
                .conditions(Map.of("ArnLike", Map.of("aws:PrincipalArn",
                        "arn:" + Aws.PARTITION + ":iam::" + Aws.ACCOUNT_ID + ":role/" + ROLE_PREFIX + "*"))).build());
        alerts = Topic.Builder.create(this, "Alerts").displayName("trailguard alerts").masterKey(key).build();
        dedup = Table.Builder.create(this, "Dedup")
                .partitionKey(Attribute.builder().name("id").type(AttributeType.STRING).build())
                .timeToLiveAttribute("expiresAt").billingMode(BillingMode.PAY_PER_REQUEST)
                // only recent event ids: nothing to keep when the stack goes
                .removalPolicy(RemovalPolicy.DESTROY).build();
        Archive.Builder.create(this, "Archive").sourceEventBus(bus)
                .description("CloudTrail API-call events, for replay (replays run dry-run)")
                .eventPattern(EventPattern.builder().detailType(catalog.allDetailTypes()).build())
                .retention(Duration.days(settings.archiveRetentionDays())).build();

        Map<String, List<CatalogPolicy>> byFunction = new LinkedHashMap<>();
        List<CatalogPolicy> byRuleOnly = new ArrayList<>();
        for (CatalogPolicy policy : catalog.policies()) {
            if (!policy.belongsIn(region) || "off".equals(settings.modeOf(policy))) {
                continue;
            }
            if (settings.alertOnlyWithoutFunction() && policy.alertsFromPattern() && "alert".equals(settings.modeOf(policy))) {
                byRuleOnly.add(policy);
            } else {
                byFunction.computeIfAbsent(policy.handler(), h -> new ArrayList<>()).add(policy);
            }
        }
        byFunction.forEach((handler, policies) -> {
            Queue dlq = deadLetterQueue(handler);
            Function function = function(handler, policies, catalog, settings, region, dlq, crossAccount);
            functions.put(handler, function);
            IRuleTarget target = settings.buffered(handler) ? buffered(handler, function, dlq, settings)
                    : new LambdaFunction(function, LambdaFunctionProps.builder().deadLetterQueue(dlq)
                            .retryAttempts(settings.retryAttempts()).maxEventAge(Duration.minutes(settings.maxEventAgeMinutes())).build());
            for (CatalogPolicy policy : policies) {
                rule(policy, policy.pattern(), bus, target);
            }
        });
        if (!byRuleOnly.isEmpty()) {
            Queue dlq = deadLetterQueue("alerts");
            for (CatalogPolicy policy : byRuleOnly) {
                rule(policy, policy.alertPattern(), bus, new SnsTopic(alerts, SnsTopicProps.builder().message(alertText(policy))
                        .deadLetterQueue(dlq).retryAttempts(settings.retryAttempts())
                        .maxEventAge(Duration.minutes(settings.maxEventAgeMinutes())).build()));
            }
        }
        operations = new Operations(this, "Operations", this, deadLetters, settings, region, bus.getEventBusName());
    }

    /** The alarms and the dashboard. */
    public Operations operations() {
        return operations;
    }

    public Topic alerts() {
        return alerts;
    }

    public Key key() {
        return key;
    }

    public Table dedup() {
        return dedup;
    }

    /** Functions by handler name. */
    public Map<String, Function> functions() {
        return functions;
    }

    /** Rules by policy name. */
    public Map<String, Rule> rules() {
        return rules;
    }

    private Queue deadLetterQueue(String name) {
        Queue queue = Queue.Builder.create(this, "DeadLetters-" + name).encryption(QueueEncryption.KMS).encryptionMasterKey(key)
                .retentionPeriod(Duration.days(14)).enforceSsl(true).build();
        deadLetters.put(name, queue);
        return queue;
    }

    private Function function(String handler, List<CatalogPolicy> policies, Catalog catalog, Settings settings, String region,
            Queue dlq, boolean crossAccount) {
        String name = "trailguard-" + handler;
        LogGroup logs = LogGroup.Builder.create(this, "Logs-" + handler).logGroupName("/aws/lambda/" + name)
                .removalPolicy(RemovalPolicy.RETAIN).build();
        ((CfnLogGroup) logs.getNode().getDefaultChild()).setRetentionInDays(settings.logRetentionDays());

        List<String> actions = policies.stream().flatMap(p -> p.iamActions().stream()).distinct().sorted().toList();
        List<PolicyStatement> statements = new ArrayList<>(ResourceScopes.statements(actions, Aws.PARTITION, Aws.ACCOUNT_ID));
        statements.add(statement("Logs", List.of("logs:CreateLogStream", "logs:PutLogEvents"), logs.getLogGroupArn()));
        statements.add(statement("Alerts", List.of("sns:Publish"), alerts.getTopicArn()));
        statements.add(statement("Key", List.of("kms:Decrypt", "kms:GenerateDataKey"), key.getKeyArn()));
        statements.add(statement("FailedEvents", List.of("sqs:SendMessage"), dlq.getQueueArn()));
        // exactly the calls of the app's DynamoDbDedupStore (a conditional PutItem marks, DeleteItem forgets) and of its
        // DynamoDbCounterStore in the same table: conditional UpdateItem counts threshold events and brake actions,
        // GetItem reads a brake that is on
        statements.add(statement("Dedup", List.of("dynamodb:PutItem", "dynamodb:DeleteItem", "dynamodb:UpdateItem", "dynamodb:GetItem"),
                dedup.getTableArn()));
        statements.addAll(alertTargetsAndAuditSinks(settings));
        statements.addAll(RuleSources.from(getNode()).statements());
        if (crossAccount) {
            statements.add(statement("AssumeMemberRemediationRole", List.of("sts:AssumeRole"),
                    "arn:" + Aws.PARTITION + ":iam::*:role/" + settings.remediationRoleName()));
        }
        Role role = Role.Builder.create(this, "Role-" + handler).roleName(ROLE_PREFIX + handler + "-" + region)
                .description("trailguard " + handler + " function: the actions of its policies "
                        + policies.stream().map(CatalogPolicy::name).toList())
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .inlinePolicies(Map.of("trailguard", PolicyDocument.Builder.create().statements(statements).build())).build();

        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("QUARKUS_LAMBDA_HANDLER", handler);
        environment.put("DISABLE_SIGNAL_HANDLERS", "true");
        environment.put("TRAILGUARD_ALERTS_SNS_TOPIC_ARN", alerts.getTopicArn());
        environment.put("TRAILGUARD_DEDUP_TABLE", dedup.getTableName());
        for (CatalogPolicy policy : catalog.policies()) {
            if (!policy.handler().equals(handler)) {
                continue;
            }
            // policies of this handler that this function must not run (off, another region, alerted by rule only)
            String mode = policies.contains(policy) ? settings.modeOf(policy) : "off";
            if (!mode.equals(policy.defaultMode())) {
                environment.put("TRAILGUARD_POLICIES_" + policy.name().toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_") + "_MODE", mode);
            }
        }
        environment.putAll(alertTargetsAndAuditSinksEnvironment(settings));
        environment.putAll(RuleSources.from(getNode()).environment());
        if (crossAccount) {
            environment.put("TRAILGUARD_CROSS_ACCOUNT_ROLE_NAME", settings.remediationRoleName());
            settings.externalId().ifPresent(id -> environment.put("TRAILGUARD_CROSS_ACCOUNT_EXTERNAL_ID", id));
        }
        boolean jvm = Settings.JVM.equals(settings.runtime());
        Function.Builder builder = Function.Builder.create(this, "Function-" + handler).functionName(name)
                .description("trailguard " + handler + ": " + policies.stream().map(CatalogPolicy::name).toList())
                .runtime(jvm ? Runtime.JAVA_21 : Runtime.PROVIDED_AL2023).handler(jvm ? JVM_HANDLER : "bootstrap")
                .architecture(Architecture.X86_64).code(Code.fromAsset(settings.codeOf(handler)))
                .memorySize(settings.memoryMb()).timeout(Duration.seconds(settings.timeoutSeconds()))
                .role(role).logGroup(logs).environment(environment);
        settings.reservedConcurrency().ifPresent(builder::reservedConcurrentExecutions);
        Function function = builder.build();
        // async invocations that still fail after Lambda's retries land in the DLQ too (the role's FailedEvents
        // statement lets it: the L2 destination would grant wildcard KMS actions)
        CfnEventInvokeConfig.Builder.create(this, "OnFailure-" + handler).functionName(function.getFunctionName())
                .qualifier("$LATEST").maximumRetryAttempts(2).maximumEventAgeInSeconds(6 * 3600)
                .destinationConfig(CfnEventInvokeConfig.DestinationConfigProperty.builder()
                        .onFailure(CfnEventInvokeConfig.OnFailureProperty.builder().destination(dlq.getQueueArn()).build()).build())
                .build();
        return function;
    }

    /** The grants of the optional alert targets and audit sinks the deployment chose (the app's notify/ calls). */
    static List<PolicyStatement> alertTargetsAndAuditSinks(Settings settings) {
        String partition = Aws.PARTITION;
        List<PolicyStatement> statements = new ArrayList<>();
        if (settings.securityHub()) {
            // findings are imported as the function's own account's default custom integration
            statements.add(statement("SecurityHubFindings", List.of("securityhub:BatchImportFindings"), "arn:" + partition
                    + ":securityhub:" + Aws.REGION + ":" + Aws.ACCOUNT_ID + ":product/" + Aws.ACCOUNT_ID + "/default"));
        }
        settings.webhookSsmParameter().ifPresent(name -> statements.add(statement("WebhookUrl", List.of("ssm:GetParameter"),
                "arn:" + partition + ":ssm:" + Aws.REGION + ":" + Aws.ACCOUNT_ID + ":parameter" + (name.startsWith("/") ? name : "/" + name))));
        settings.auditBucket().ifPresent(bucket -> statements.add(statement("AuditArchive", List.of("s3:PutObject"),
                "arn:" + partition + ":s3:::" + bucket + "/" + settings.auditPrefix() + "*")));
        settings.auditFirehoseStream().ifPresent(stream -> statements.add(statement("AuditStream", List.of("firehose:PutRecord"),
                "arn:" + partition + ":firehose:" + Aws.REGION + ":" + Aws.ACCOUNT_ID + ":deliverystream/" + stream)));
        return statements;
    }

    /** The app's settings for those targets and sinks (trailguard.alerts.* and trailguard.audit.*, as environment variables). */
    static Map<String, String> alertTargetsAndAuditSinksEnvironment(Settings settings) {
        Map<String, String> environment = new LinkedHashMap<>();
        if (settings.securityHub()) {
            environment.put("TRAILGUARD_ALERTS_SECURITY_HUB_ENABLED", "true");
            // the product the findings are imported as: the function's account, also for member accounts' events
            environment.put("TRAILGUARD_ALERTS_SECURITY_HUB_ACCOUNT_ID", Aws.ACCOUNT_ID);
        }
        settings.webhookSsmParameter().ifPresent(name -> environment.put("TRAILGUARD_ALERTS_WEBHOOK_URL_SSM_PARAMETER", name));
        settings.auditBucket().ifPresent(bucket -> {
            environment.put("TRAILGUARD_AUDIT_S3_BUCKET", bucket);
            environment.put("TRAILGUARD_AUDIT_S3_PREFIX", settings.auditPrefix());
        });
        settings.auditFirehoseStream().ifPresent(stream -> environment.put("TRAILGUARD_AUDIT_FIREHOSE_STREAM", stream));
        return environment;
    }

    /** Rule → SQS → function: bursts wait in the queue; a failed event of a batch is retried alone. */
    private IRuleTarget buffered(String handler, Function function, Queue dlq, Settings settings) {
        Queue buffer = Queue.Builder.create(this, "Buffer-" + handler).encryption(QueueEncryption.KMS).encryptionMasterKey(key)
                .enforceSsl(true).visibilityTimeout(Duration.seconds(settings.timeoutSeconds() * 6L))
                .deadLetterQueue(DeadLetterQueue.builder().queue(dlq).maxReceiveCount(3).build()).build();
        function.addEventSource(new SqsEventSource(buffer, SqsEventSourceProps.builder().batchSize(settings.sqsBatchSize())
                .reportBatchItemFailures(true).build()));
        return new SqsQueue(buffer, SqsQueueProps.builder().deadLetterQueue(dlq).retryAttempts(settings.retryAttempts())
                .maxEventAge(Duration.minutes(settings.maxEventAgeMinutes())).build());
    }

    private void rule(CatalogPolicy policy, Map<String, Object> pattern, IEventBus bus, IRuleTarget target) {
        Rule rule = Rule.Builder.create(this, "Rule-" + policy.name()).eventBus(bus)
                .description("trailguard " + policy.name() + ": " + policy.description())
                // placeholder the override below replaces with the catalog's pattern, verbatim
                .eventPattern(EventPattern.builder().account(List.of(Aws.ACCOUNT_ID)).build())
                .targets(List.of(target)).build();
        CfnRule cfn = (CfnRule) rule.getNode().getDefaultChild();
        setPattern(cfn, pattern);
        if (policy.readOnlyEvents()) {
            cfn.addPropertyOverride("State", READ_ONLY_STATE);
        }
        rules.put(policy.name(), rule);
    }

    /**
     * Puts {@code pattern} on the rule verbatim. The L2 rule needs some pattern to be built (an {@code account}
     * placeholder); overrides merge into it, so the placeholder is deleted unless the pattern sets it itself.
     */
    static void setPattern(CfnRule rule, Map<String, Object> pattern) {
        rule.addPropertyOverride("EventPattern", pattern);
        if (!pattern.containsKey("account")) {
            rule.addPropertyDeletionOverride("EventPattern.account");
        }
    }

    /** What a rule-only alert says: the essentials of the call, rendered by EventBridge's input transformer. */
    private static RuleTargetInput alertText(CatalogPolicy policy) {
        return RuleTargetInput.fromText("trailguard " + policy.name() + " (" + policy.description() + "): "
                + EventField.fromPath("$.detail.eventName") + " on " + EventField.fromPath("$.detail.eventSource")
                + " by " + EventField.fromPath("$.detail.userIdentity.arn")
                + " in account " + EventField.fromPath("$.account") + " " + EventField.fromPath("$.detail.awsRegion")
                + " at " + EventField.fromPath("$.detail.eventTime")
                + " from " + EventField.fromPath("$.detail.sourceIPAddress")
                + " (event " + EventField.fromPath("$.detail.eventID") + ")");
    }

    private static PolicyStatement statement(String sid, List<String> actions, String resource) {
        return PolicyStatement.Builder.create().sid(sid).effect(Effect.ALLOW).actions(actions).resources(List.of(resource)).build();
    }
}
