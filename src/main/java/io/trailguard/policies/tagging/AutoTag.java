package io.trailguard.policies.tagging;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.Config;

import com.fasterxml.jackson.databind.JsonNode;

import io.trailguard.event.CloudTrailDetail;
import io.trailguard.event.Ec2Items;
import io.trailguard.event.TrailEvent;
import io.trailguard.event.UserIdentity;
import io.trailguard.policy.ActionSpec;
import io.trailguard.policy.Decision;
import io.trailguard.policy.HandlerNames;
import io.trailguard.policy.Mode;
import io.trailguard.policy.Policy;
import io.trailguard.policy.PolicySettings;
import io.trailguard.policy.ResourceRef;
import io.trailguard.policy.Setting;
import io.trailguard.policy.Severity;
import io.trailguard.remediation.TagBucket;
import io.trailguard.remediation.TagDynamoDbTable;
import io.trailguard.remediation.TagEc2Resources;
import io.trailguard.remediation.TagLambdaFunction;
import io.trailguard.remediation.TagRdsResource;

/**
 * Tags each new resource with who created it and when, from the creation call itself, so cost and ownership
 * questions have an answer. Additive only (existing tags are kept), hence enforce by default; INFO, not alerted.
 */
@ApplicationScoped
public class AutoTag implements Policy {

    static final Setting<List<String>> EVENT_NAMES = Setting.texts("event-names", List.of("RunInstances", "CreateBucket",
            "CreateFunction20150331", "CreateTable", "CreateDBInstance", "CreateVolume", "CreateSecurityGroup"));
    static final Setting<String> CREATED_BY_KEY = Setting.text("created-by-key", "trailguard:created-by");
    static final Setting<String> CREATED_AT_KEY = Setting.text("created-at-key", "trailguard:created-at");

    /** The creation calls it knows, with their EventBridge source. */
    static final Map<String, String> SOURCES = Map.of(
            "RunInstances", "aws.ec2", "CreateVolume", "aws.ec2", "CreateSecurityGroup", "aws.ec2",
            "CreateBucket", "aws.s3", "CreateFunction20150331", "aws.lambda", "CreateTable", "aws.dynamodb",
            "CreateDBInstance", "aws.rds");

    // naming-standard's checks of the names it judges
    static final Pattern BUCKET = Pattern.compile("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$");
    static final Pattern FUNCTION_ARN = Pattern.compile("^arn:aws[a-z-]*:lambda:[a-z0-9-]+:[0-9]{12}:function:[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9$_-]+)?$");

    private final Set<String> eventNames;
    private final String createdByKey;
    private final String createdAtKey;

    public AutoTag(Config config) {
        PolicySettings settings = PolicySettings.of(name(), config);
        this.eventNames = new LinkedHashSet<>(settings.get(EVENT_NAMES));
        for (String name : this.eventNames) {
            if (!SOURCES.containsKey(name)) {
                throw new IllegalArgumentException("trailguard.policies.auto-tag.event-names: " + name
                        + " is not a creation call auto-tag knows; known: " + SOURCES.keySet());
            }
        }
        this.createdByKey = settings.get(CREATED_BY_KEY);
        this.createdAtKey = settings.get(CREATED_AT_KEY);
    }

    @Override
    public String name() {
        return "auto-tag";
    }

    @Override
    public String handler() {
        return HandlerNames.TAGGING;
    }

    @Override
    public String description() {
        return "Tags new resources with their creator and creation time";
    }

    @Override
    public List<String> attackTechniques() {
        // its records say who created instances and functions, the resources an intruder runs code in
        return List.of("T1578.002", "T1648");
    }

    @Override
    public String pattern() {
        Set<String> names = eventNames.isEmpty() ? SOURCES.keySet() : eventNames;
        return "{\"source\": " + json(names.stream().map(SOURCES::get).collect(Collectors.toCollection(TreeSet::new)))
                + ", \"detail-type\": [\"AWS API Call via CloudTrail\"], \"detail\": {\"eventName\": " + json(names) + "}}";
    }

    @Override
    public List<String> actions() {
        return List.of(TagEc2Resources.NAME, TagBucket.NAME, TagLambdaFunction.NAME, TagDynamoDbTable.NAME, TagRdsResource.NAME);
    }

    @Override
    public List<String> resourceTypes() {
        return List.of(ResourceRef.EC2_INSTANCE, ResourceRef.EC2_VOLUME, ResourceRef.EC2_SECURITY_GROUP, ResourceRef.S3_BUCKET,
                ResourceRef.LAMBDA_FUNCTION, ResourceRef.DYNAMODB_TABLE, ResourceRef.RDS_DB_INSTANCE);
    }

    @Override
    public List<Setting<?>> settings() {
        return List.of(EVENT_NAMES, CREATED_BY_KEY, CREATED_AT_KEY);
    }

    @Override
    public Mode defaultMode() {
        return eventNames.isEmpty() ? Mode.OFF : Mode.ENFORCE;
    }

    @Override
    public Decision decide(TrailEvent event) {
        CloudTrailDetail detail = event.detail();
        if (!eventNames.contains(detail.eventName())) {
            return Decision.noMatch("auto-tag is not configured for " + detail.eventName());
        }
        String creator = creator(event.caller());
        String createdAt = detail.eventTime() != null ? detail.eventTime() : event.time();
        if (creator == null || createdAt == null) {
            return Decision.noMatch("no creator or creation time in the event");
        }
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(createdByKey, creator);
        tags.put(createdAtKey, createdAt);
        JsonNode response = detail.responseElements();
        // ids as given, valid or not (fail closed): the tagging executors refuse an invalid one, and the finding is alerted
        return switch (detail.eventName()) {
            case "RunInstances" -> {
                List<String> ids = Ec2Items.of(response == null ? null : response.get("instancesSet")).stream()
                        .map(i -> i.path("instanceId").asText(null)).toList();
                if (ids.isEmpty() || ids.stream().anyMatch(id -> id == null || id.isBlank())) {
                    yield Decision.noMatch("no instance ids in responseElements.instancesSet: " + ids);
                }
                yield tagged(ResourceRef.EC2_INSTANCE, ids, creator, createdAt, TagEc2Resources.spec(ids, tags));
            }
            case "CreateVolume" -> ec2Resource(ResourceRef.EC2_VOLUME, detail.responseElement("volumeId"), "volumeId", creator, createdAt, tags);
            case "CreateSecurityGroup" -> ec2Resource(ResourceRef.EC2_SECURITY_GROUP, detail.responseElement("groupId"), "groupId", creator, createdAt, tags);
            case "CreateBucket" -> {
                String bucket = detail.requestParameter("bucketName");
                yield present(bucket)
                        ? tagged(ResourceRef.S3_BUCKET, List.of(bucket), creator, createdAt, TagBucket.spec(bucket, tags))
                        : Decision.noMatch("no bucketName in requestParameters");
            }
            case "CreateFunction20150331" -> {
                String arn = detail.responseElement("functionArn");
                yield present(arn)
                        ? tagged(ResourceRef.LAMBDA_FUNCTION, List.of(arn), creator, createdAt, TagLambdaFunction.spec(arn, tags))
                        : Decision.noMatch("no functionArn in responseElements");
            }
            case "CreateTable" -> {
                String arn = detail.responseElement("tableDescription", "tableArn");
                yield present(arn)
                        ? tagged(ResourceRef.DYNAMODB_TABLE, List.of(arn), creator, createdAt, TagDynamoDbTable.spec(arn, tags))
                        : Decision.noMatch("no tableDescription.tableArn in responseElements");
            }
            case "CreateDBInstance" -> {
                String arn = detail.responseElement("dBInstanceArn");
                yield present(arn)
                        ? tagged(ResourceRef.RDS_DB_INSTANCE, List.of(arn), creator, createdAt, TagRdsResource.spec(arn, tags))
                        : Decision.noMatch("no dBInstanceArn in responseElements");
            }
            default -> Decision.noMatch("not a creation call");
        };
    }

    private Decision ec2Resource(String type, String id, String field, String creator, String createdAt, Map<String, String> tags) {
        if (!present(id)) {
            return Decision.noMatch("no " + field + " in responseElements");
        }
        return tagged(type, List.of(id), creator, createdAt, TagEc2Resources.spec(List.of(id), tags));
    }

    private static Decision tagged(String type, List<String> ids, String creator, String createdAt, ActionSpec tagging) {
        return Decision.remediate(Severity.INFO, new ResourceRef(type, ids.get(0)), "new " + type + " " + String.join(",", ids),
                List.of("created by " + creator + " at " + createdAt), List.of(tagging));
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    /** The caller's ARN; an AWS service acting on its own has none, so its name stands in. */
    private static String creator(UserIdentity caller) {
        if (caller == null) {
            return null;
        }
        if (caller.arn() != null && !caller.arn().isBlank()) {
            return caller.arn();
        }
        return caller.invokedBy() != null ? caller.invokedBy() : null;
    }

    private static String json(Iterable<String> values) {
        StringBuilder out = new StringBuilder("[");
        for (String v : values) {
            out.append(out.length() > 1 ? ", " : "").append('"').append(v).append('"');
        }
        return out.append(']').toString();
    }
}
