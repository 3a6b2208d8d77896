package io.trailguard.remediation;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;

import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.SdkRequest;

/**
 * An SDK call as IAM authorizes it: the IAM action (service prefix + action name, which differ from the SDK's
 * service and operation names here and there) and the ARNs of the resources the request names.
 */
public final class IamCalls {

    /** SDK operations whose IAM action has another name: (SDK service, operation) → action. */
    private static final Map<String, String> RENAMED = Map.ofEntries(
            Map.entry("S3.GetPublicAccessBlock", "s3:GetBucketPublicAccessBlock"),
            Map.entry("S3.PutPublicAccessBlock", "s3:PutBucketPublicAccessBlock"),
            Map.entry("S3.DeletePublicAccessBlock", "s3:PutBucketPublicAccessBlock"),
            Map.entry("S3.GetBucketEncryption", "s3:GetEncryptionConfiguration"),
            Map.entry("S3.PutBucketEncryption", "s3:PutEncryptionConfiguration"),
            Map.entry("S3.HeadObject", "s3:GetObject"),
            Map.entry("S3.HeadBucket", "s3:ListBucket"),
            Map.entry("S3.ListObjects", "s3:ListBucket"),
            Map.entry("S3.ListObjectsV2", "s3:ListBucket"),
            Map.entry("S3.DeleteObjects", "s3:DeleteObject"),
            Map.entry("S3Control.GetPublicAccessBlock", "s3:GetAccountPublicAccessBlock"),
            Map.entry("S3Control.PutPublicAccessBlock", "s3:PutAccountPublicAccessBlock"),
            Map.entry("S3Control.DeletePublicAccessBlock", "s3:PutAccountPublicAccessBlock"));

    private IamCalls() {
    }

    /** The IAM action of an SDK call; {@code signingName} (SigV4's service) is the IAM prefix of every service here. */
    public static String action(String signingName, String sdkService, String operation) {
        return RENAMED.getOrDefault(sdkService + "." + operation, signingName + ":" + operation);
    }

    /** A read of one version of an object is authorized as {@code s3:GetObjectVersion}, not {@code s3:GetObject}. */
    public static String versioned(String action, SdkRequest request) {
        return action.equals("s3:GetObject") && text(request, "VersionId") != null ? "s3:GetObjectVersion" : action;
    }

    /** The role an STS session ARN ({@code arn:aws:sts::A:assumed-role/R/session}) is a session of. */
    public static String roleOfSession(String sessionArn) {
        String[] parts = sessionArn.split(":", 6);
        String[] path = parts[5].split("/");
        return "arn:" + parts[1] + ":iam::" + parts[4] + ":role/" + path[1];
    }

    public static String accountOf(String arn) {
        return arn.split(":", 6)[4];
    }

    /**
     * The ARNs of the resources the call acts on, as IAM's resource types for the action have them; {@code *} for
     * an action that takes no resource (or one this does not know: the check then needs a grant on {@code *}).
     */
    public static List<String> resources(String action, SdkRequest request, String region, String account) {
        return resources(action, field -> value(request, field), region, account);
    }

    /**
     * As {@link #resources(String, SdkRequest, String, String)}, for a call written as JSON ({@link SignedJsonCall}): an
     * awsJson body names its members as the SDK's model does, or in lower camel case where the service's wire names
     * are (ECR's {@code repositoryName}).
     */
    static List<String> resources(String action, JsonNode body, String region, String account) {
        return resources(action, field -> {
            JsonNode value = body.has(field) ? body.path(field) : body.path(Character.toLowerCase(field.charAt(0)) + field.substring(1));
            return value.isArray() ? texts(value) : value.isTextual() ? value.asText() : null;
        }, region, account);
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }

    /** As {@link #resources(String, SdkRequest, String, String)}, for a call whose members {@code request} gives by name. */
    static List<String> resources(String action, Function<String, Object> request, String region, String account) {
        String prefix = action.substring(0, action.indexOf(':'));
        String name = action.substring(action.indexOf(':') + 1);
        String arn = "arn:aws:" + prefix + ":" + region + ":" + account + ":";
        List<String> resources = new ArrayList<>();
        switch (prefix) {
            case "s3" -> {
                String bucket = text(request, "Bucket");
                String key = text(request, "Key");
                if (bucket != null) {
                    boolean object = name.contains("Object") && !name.startsWith("List");
                    resources.add("arn:aws:s3:::" + bucket + (object && key != null ? "/" + key : ""));
                }
            }
            case "iam" -> {
                // the principal the call changes is its resource; a policy only when no principal is named
                first(request, "UserName").ifPresent(n -> resources.add("arn:aws:iam::" + account + ":user/" + n));
                first(request, "RoleName").ifPresent(n -> resources.add("arn:aws:iam::" + account + ":role/" + n));
                first(request, "GroupName").ifPresent(n -> resources.add("arn:aws:iam::" + account + ":group/" + n));
                if (resources.isEmpty()) {
                    first(request, "PolicyArn").ifPresent(resources::add);
                }
            }
            case "cloudtrail" -> {
                first(request, "Name").ifPresent(n -> resources.add(n.startsWith("arn:") ? n : arn + "trail/" + n));
                texts(request, "ResourceIdList").forEach(n -> resources.add(n.startsWith("arn:") ? n : arn + "trail/" + n));
            }
            case "sns" -> first(request, "TopicArn").ifPresent(resources::add);
            case "sqs" -> first(request, "QueueUrl").ifPresent(url -> {
                String[] path = URI.create(url).getPath().split("/");
                String owner = path.length > 2 ? path[path.length - 2] : account;
                resources.add("arn:aws:sqs:" + region + ":" + owner + ":" + path[path.length - 1]);
            });
            case "kms" -> first(request, "KeyId").ifPresent(id -> resources.add(id.startsWith("arn:") ? id
                    : id.startsWith("alias/") ? arn + id : arn + "key/" + id));
            case "dynamodb" -> {
                first(request, "TableName").ifPresent(t -> resources.add(arn + "table/" + t));
                first(request, "ResourceArn").ifPresent(resources::add);
            }
            case "firehose" -> first(request, "DeliveryStreamName").ifPresent(s -> resources.add(arn + "deliverystream/" + s));
            case "ssm" -> first(request, "Name").ifPresent(n -> resources.add(arn + "parameter" + (n.startsWith("/") ? n : "/" + n)));
            case "sts" -> first(request, "RoleArn").ifPresent(resources::add);
            case "ec2" -> {
                first(request, "GroupId").ifPresent(g -> resources.add(arn + "security-group/" + g));
                first(request, "NetworkAclId").ifPresent(n -> resources.add(arn + "network-acl/" + n));
                first(request, "SnapshotId").ifPresent(s -> resources.add(arn + "snapshot/" + s));
                first(request, "ImageId").ifPresent(i -> resources.add("arn:aws:ec2:" + region + "::image/" + i));
                first(request, "KeyName").ifPresent(k -> resources.add(arn + "key-pair/" + k));
                first(request, "ExportTaskId").ifPresent(t -> resources.add(arn + "export-task/" + t));
                texts(request, "InstanceIds", "InstanceId").forEach(i -> resources.add(arn + "instance/" + i));
                texts(request, "Resources", "ResourceId").forEach(r -> resources.add(arn + ec2Type(r) + "/" + r));
            }
            case "lambda" -> {
                first(request, "FunctionName").ifPresent(f -> resources.add(f.startsWith("arn:") ? f : arn + "function:" + f));
                first(request, "Resource").ifPresent(resources::add);
            }
            case "rds" -> {
                first(request, "DBInstanceIdentifier").ifPresent(d -> resources.add(arn + "db:" + d));
                first(request, "DBSnapshotIdentifier").ifPresent(d -> resources.add(arn + "snapshot:" + d));
                first(request, "DBClusterSnapshotIdentifier").ifPresent(d -> resources.add(arn + "cluster-snapshot:" + d));
                first(request, "ResourceName").ifPresent(resources::add);
            }
            case "ecr" -> first(request, "RepositoryName").ifPresent(r -> resources.add(arn + "repository/" + r));
            case "secretsmanager" -> first(request, "SecretId").ifPresent(s -> resources.add(s.startsWith("arn:") ? s : arn + "secret:" + s));
            case "glacier" -> first(request, "VaultName").ifPresent(v -> resources.add(arn + "vaults/" + v));
            case "events" -> first(request, "Name").ifPresent(n -> resources.add(arn + "rule/"
                    + first(request, "EventBusName").filter(b -> !b.equals("default")).map(b -> b + "/").orElse("") + n));
            case "guardduty" -> first(request, "DetectorId").ifPresent(d -> resources.add(arn + "detector/" + d));
            default -> {
                // config, route53domains: actions without resource-level permissions
            }
        }
        return resources.isEmpty() ? List.of("*") : resources;
    }

    private static String ec2Type(String id) {
        String kind = id.substring(0, Math.max(0, id.indexOf('-')));
        return switch (kind) {
            case "i" -> "instance";
            case "sg" -> "security-group";
            case "vol" -> "volume";
            case "snap" -> "snapshot";
            case "ami" -> "image";
            case "vpc" -> "vpc";
            case "subnet" -> "subnet";
            case "eni" -> "network-interface";
            case "acl" -> "network-acl";
            default -> kind;
        };
    }

    private static Optional<String> first(Function<String, Object> request, String field) {
        return Optional.ofNullable(text(request, field));
    }

    private static String text(SdkPojo request, String field) {
        return text(f -> value(request, f), field);
    }

    private static String text(Function<String, Object> request, String field) {
        Object value = request.apply(field);
        return value instanceof String s && !s.isEmpty() ? s : null;
    }

    private static List<String> texts(Function<String, Object> request, String field) {
        Object value = request.apply(field);
        return value instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of();
    }

    /**
     * A list member ({@code InstanceIds}) of an SDK request, or the same list as EC2's query form flattens it ({@code InstanceId.1},
     * {@code InstanceId.2} …: {@link SignedQueryCall#ec2}).
     */
    private static List<String> texts(Function<String, Object> request, String member, String queryName) {
        List<String> texts = texts(request, member);
        if (!texts.isEmpty()) {
            return texts;
        }
        List<String> flattened = new ArrayList<>();
        for (int n = 1; text(request, queryName + "." + n) != null; n++) {
            flattened.add(text(request, queryName + "." + n));
        }
        return flattened;
    }

    private static Object value(SdkPojo request, String field) {
        for (SdkField<?> sdkField : request.sdkFields()) {
            if (sdkField.memberName().equals(field)) {
                return sdkField.getValueOrDefault(request);
            }
        }
        return null;
    }
}
