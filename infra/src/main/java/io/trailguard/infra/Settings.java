package io.trailguard.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import software.constructs.Node;

/**
 * What a deployment chooses, from CDK context ({@code cdk deploy -c key=value} or {@code cdk.json}); the
 * README's deploy guide lists every key. Defaults suit a single-account, native deployment.
 */
public record Settings(
        String catalog,
        String code,
        /** native (provided.al2023, bootstrap) or jvm (java21, the runner jar + lib) */
        String runtime,
        int memoryMb,
        int timeoutSeconds,
        Optional<Integer> reservedConcurrency,
        int logRetentionDays,
        int retryAttempts,
        int maxEventAgeMinutes,
        /** handlers whose events go rule → SQS → function; "*" for all */
        List<String> sqsBuffered,
        int sqsBatchSize,
        int archiveRetentionDays,
        /** policies deployed alert-only whose pattern is the finding get a rule → SNS and no function */
        boolean alertOnlyWithoutFunction,
        /** deployed mode per policy name, over the catalog's default; "off" deploys no rule */
        Map<String, String> modes,
        List<String> regions,
        Optional<String> account,
        /** account (one account) or organization (central bus + member stack) */
        String deployment,
        Optional<String> organizationId,
        String busName,
        Optional<String> centralAccount,
        String remediationRoleName,
        Optional<String> externalId,
        /** the one region of each member account where the (global) remediation role is created */
        String memberRoleRegion,
        /** alerts also imported into Security Hub as ASFF findings */
        boolean securityHub,
        /** the SSM parameter (SecureString) holding the webhook URL alerts are posted to */
        Optional<String> webhookSsmParameter,
        /** a bucket receiving one object per decision under auditPrefix */
        Optional<String> auditBucket,
        String auditPrefix,
        /** a Firehose delivery stream receiving each decision */
        Optional<String> auditFirehoseStream,
        /** the SNS topic the operations alarms go to; none: the alert topic */
        Optional<String> operationsTopicArn,
        /** the trail bucket an S3 Batch Operations replay reads (BatchReplay, in the first region); none: not deployed */
        Optional<String> replayTrailBucket,
        /** the trail's KMS key, when its log files are SSE-KMS encrypted */
        Optional<String> replayTrailKeyArn,
        /**
         * each function's own zip, a path with {@code {handler}} (the binaries of {@code -Dtrailguard.function} builds:
         * README "Native build"); unset, every function runs {@link #code}
         */
        Optional<String> functionCode) {

    public static final String NATIVE = "native";
    public static final String JVM = "jvm";

    public static Settings from(Node node) {
        String runtime = text(node, "runtime", NATIVE);
        if (!runtime.equals(NATIVE) && !runtime.equals(JVM)) {
            throw new IllegalArgumentException("context runtime must be native or jvm, not " + runtime);
        }
        String deployment = text(node, "deployment", "account");
        if (!deployment.equals("account") && !deployment.equals("organization")) {
            throw new IllegalArgumentException("context deployment must be account or organization, not " + deployment);
        }
        Optional<String> account = optional(node, "account").or(() -> Optional.ofNullable(System.getenv("CDK_DEFAULT_ACCOUNT")));
        String defaultRegion = Optional.ofNullable(System.getenv("CDK_DEFAULT_REGION")).orElse("us-east-1");
        Optional<Object> reserved = Optional.ofNullable(node.tryGetContext("reservedConcurrency"));
        return new Settings(
                text(node, "catalog", "../target/policy-catalog.json"),
                text(node, "code", "../target/function.zip"),
                runtime,
                number(node, "memoryMb", runtime.equals(NATIVE) ? 256 : 1024),
                number(node, "timeoutSeconds", 60),
                reserved.map(String::valueOf).filter(s -> !s.isBlank()).map(Integer::valueOf),
                number(node, "logRetentionDays", 90),
                number(node, "retryAttempts", 4),
                number(node, "maxEventAgeMinutes", 60),
                list(node, "sqsBuffered"),
                number(node, "sqsBatchSize", 10),
                number(node, "archiveRetentionDays", 30),
                Boolean.parseBoolean(text(node, "alertOnlyWithoutFunction", "false")),
                modes(node),
                list(node, "regions").isEmpty() ? List.of(defaultRegion) : list(node, "regions"),
                account,
                deployment,
                optional(node, "organizationId"),
                text(node, "busName", "trailguard-central"),
                optional(node, "centralAccount"),
                text(node, "remediationRoleName", "trailguard-remediation"),
                optional(node, "externalId"),
                text(node, "memberRoleRegion", "us-east-1"),
                Boolean.parseBoolean(text(node, "securityHub", "false")),
                optional(node, "webhookSsmParameter"),
                optional(node, "auditBucket"),
                text(node, "auditPrefix", "trailguard-audit/"),
                optional(node, "auditFirehoseStream"),
                optional(node, "operationsTopicArn"),
                optional(node, "replayTrailBucket"),
                optional(node, "replayTrailKeyArn"),
                optional(node, "functionCode"));
    }

    /** The zip the function of {@code handler} is deployed from: its own binary's when functionCode is set. */
    public String codeOf(String handler) {
        if (functionCode.isEmpty()) {
            return code;
        }
        String own = functionCode.get().replace("{handler}", handler);
        if (!Files.isRegularFile(Path.of(own))) {
            throw new IllegalArgumentException("context functionCode: no " + own + " for the " + handler
                    + " function (build it with .ci/native-build -Dtrailguard.function=" + handler + ")");
        }
        return own;
    }

    /** The mode a policy is deployed in: the deployment's choice, else the policy's default. */
    public String modeOf(CatalogPolicy policy) {
        return modes.getOrDefault(policy.name(), policy.defaultMode());
    }

    public boolean buffered(String handler) {
        return sqsBuffered.contains("*") || sqsBuffered.contains(handler);
    }

    public Settings withRegions(List<String> regions) {
        return new Settings(catalog, code, runtime, memoryMb, timeoutSeconds, reservedConcurrency, logRetentionDays,
                retryAttempts, maxEventAgeMinutes, sqsBuffered, sqsBatchSize, archiveRetentionDays, alertOnlyWithoutFunction,
                modes, regions, account, deployment, organizationId, busName, centralAccount, remediationRoleName, externalId,
                memberRoleRegion, securityHub, webhookSsmParameter, auditBucket, auditPrefix, auditFirehoseStream, operationsTopicArn,
                replayTrailBucket, replayTrailKeyArn, functionCode);
    }

    private static String text(Node node, String key, String fallback) {
        return optional(node, key).orElse(fallback);
    }

    private static Optional<String> optional(Node node, String key) {
        Object value = node.tryGetContext(key);
        return value == null || String.valueOf(value).isBlank() ? Optional.empty() : Optional.of(String.valueOf(value));
    }

    private static int number(Node node, String key, int fallback) {
        Object value = node.tryGetContext(key);
        return value == null ? fallback : value instanceof Number n ? n.intValue() : Integer.parseInt(String.valueOf(value).trim());
    }

    /** A JSON list in cdk.json, or "a,b,c" on the command line. */
    private static List<String> list(Node node, String key) {
        Object value = node.tryGetContext(key);
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> items) {
            return items.stream().map(String::valueOf).toList();
        }
        return Arrays.stream(String.valueOf(value).split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** A JSON object in cdk.json, or "name=mode,name=mode" on the command line. */
    private static Map<String, String> modes(Node node) {
        Object value = node.tryGetContext("modes");
        Map<String, String> modes = new LinkedHashMap<>();
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> modes.put(String.valueOf(k), String.valueOf(v)));
        } else if (value != null) {
            for (String pair : String.valueOf(value).split(",")) {
                String[] kv = pair.split("=", 2);
                if (kv.length == 2) {
                    modes.put(kv[0].trim(), kv[1].trim());
                }
            }
        }
        return modes;
    }
}
