package io.trailguard.notify;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.trailguard.event.CloudTrailDetail;
import io.trailguard.event.TrailEvent;
import io.trailguard.policy.ActionResult;
import io.trailguard.policy.Decision;
import io.trailguard.policy.Mode;
import io.trailguard.policy.ResourceRef;
import io.trailguard.policy.Severity;
import io.trailguard.policy.Verdict;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.RegionMetadata;

/**
 * A decision as an AWS Security Finding Format finding of the account's default custom-integration product.
 * Its Id is derived from the policy and the CloudTrail event id, and CreatedAt is the event's time, so a
 * re-delivered event updates the same finding instead of adding one. Written as the JSON that BatchImportFindings
 * takes, not as the SDK's model: that model (every resource type's details) was 2.9 MB of each native binary.
 */
public final class AsffFinding {

    static final String SCHEMA_VERSION = "2018-10-08";
    /** The product field of the MITRE ATT&CK technique ids, comma-separated. */
    public static final String ATTACK_FIELD = "trailguard/AttackTechniques";
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern HTTP_URL = Pattern.compile("https?://[^\\s]{1,2000}");
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private AsffFinding() {
    }

    /** The stable finding id: one finding per policy and event. */
    public static String id(String policy, String eventId) {
        return "trailguard/" + policy + "/" + eventId;
    }

    public static String productArn(String partition, String region, String account) {
        return "arn:" + partition + ":securityhub:" + region + ":" + account + ":product/" + account + "/default";
    }

    /** The finding for the notice, imported by {@code productAccount} into the hub of {@code hubRegion}. */
    public static ObjectNode of(Notice notice, String productAccount, String hubRegion, Instant now) {
        Decision decision = notice.decision();
        TrailEvent event = notice.event();
        CloudTrailDetail detail = event.detail();
        String account = event.account();
        String eventRegion = detail.awsRegion() != null ? detail.awsRegion() : event.region();
        String partition = partition(hubRegion);
        String created = detail.eventTime() != null ? detail.eventTime() : event.time() != null ? event.time() : now.toString();
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("trailguard/Policy", notice.policy().name());
        fields.put("trailguard/Mode", notice.alert().mode());
        fields.put("trailguard/EventId", event.eventId());
        fields.put("trailguard/EventName", detail.eventSource() + " " + detail.eventName());
        if (notice.alert().who() != null) {
            fields.put("trailguard/Principal", cut(notice.alert().who(), 1024));
        }
        List<String> attack = notice.policy().policy().attackTechniques();
        if (!attack.isEmpty()) {
            // ASFF has no ATT&CK field: product fields are where a provider's own details go (2048 characters a value)
            fields.put(ATTACK_FIELD, cut(String.join(",", attack), 2048));
        }
        // Security Hub rejects a finding whose URL is not one: a runbook that is no http(s) URL is left out
        String runbook = notice.policy().policy().runbook().filter(url -> HTTP_URL.matcher(url).matches()).orElse(null);
        ObjectNode finding = JSON.objectNode()
                .put("SchemaVersion", SCHEMA_VERSION)
                .put("Id", id(notice.policy().name(), event.eventId()))
                .put("ProductArn", productArn(partition, hubRegion, productAccount))
                .put("ProductName", "trailguard")
                .put("CompanyName", "trailguard")
                .put("GeneratorId", notice.policy().name())
                .put("AwsAccountId", account)
                .put("Region", hubRegion);
        notice.policy().policy().findingTypes().forEach(finding.putArray("Types")::add);
        finding.put("CreatedAt", created)
                .put("FirstObservedAt", created)
                .put("LastObservedAt", created)
                .put("UpdatedAt", now.toString());
        finding.putObject("Severity")
                .put("Label", label(decision.severity()))
                .put("Original", decision.severity() != null ? decision.severity().name() : "INFO");
        finding.put("Title", cut(notice.policy().policy().description(), 256))
                .put("Description", cut(description(decision), 1024));
        ObjectNode recommendation = finding.putObject("Remediation").putObject("Recommendation")
                .put("Text", cut(recommendation(notice), 512));
        if (runbook != null) {
            recommendation.put("Url", runbook);
        }
        finding.putArray("Resources").add(resource(decision.resource(), partition, account, eventRegion));
        ObjectNode productFields = finding.putObject("ProductFields");
        fields.forEach(productFields::put);
        finding.put("RecordState", "ACTIVE");
        if (detail.eventName() != null) {
            ObjectNode action = finding.putObject("Action").put("ActionType", "AWS_API_CALL");
            ObjectNode call = action.putObject("AwsApiCallAction")
                    .put("Api", detail.eventName())
                    .put("ServiceName", detail.eventSource());
            String ip = detail.sourceIPAddress();
            if (ip != null && IPV4.matcher(ip).matches()) {
                call.put("CallerType", "remoteip").putObject("RemoteIpDetails").put("IpAddressV4", ip);
            } else if (ip != null) {
                call.put("CallerType", "domain").putObject("DomainDetails").put("Domain", ip);
            }
        }
        return finding;
    }

    /** The ASFF resource: type and ARN for the types trailguard knows, else {@code Other} with the id as given. */
    static ObjectNode resource(ResourceRef ref, String partition, String account, String region) {
        if (ref == null || ResourceRef.IAM_ROOT_USER.equals(ref.type())) {
            String id = ref != null && ref.id() != null ? ref.id() : account;
            return resource("AwsAccount", "AWS::::Account:" + id, partition, region);
        }
        String id = ref.id();
        boolean arn = id != null && id.startsWith("arn:");
        return switch (ref.type()) {
            case ResourceRef.S3_BUCKET -> resource("AwsS3Bucket", arn ? id : "arn:" + partition + ":s3:::" + id, partition, region);
            case ResourceRef.IAM_USER -> resource("AwsIamUser", arn ? id : iamArn(partition, account, "user", id), partition, region);
            case ResourceRef.IAM_ROLE -> resource("AwsIamRole", arn ? id : iamArn(partition, account, "role", id), partition, region);
            case ResourceRef.IAM_GROUP -> resource("AwsIamGroup", arn ? id : iamArn(partition, account, "group", id), partition, region);
            case ResourceRef.CLOUDTRAIL_TRAIL -> resource("AwsCloudTrailTrail",
                    arn ? id : "arn:" + partition + ":cloudtrail:" + region + ":" + account + ":trail/" + id, partition, region);
            default -> resource("Other", id != null ? id : ref.type(), partition, region);
        };
    }

    private static ObjectNode resource(String type, String id, String partition, String region) {
        return JSON.objectNode().put("Type", type).put("Id", id).put("Partition", partition).put("Region", region);
    }

    /** Security Hub's severity label of a severity. */
    static String label(Severity severity) {
        if (severity == null) {
            return "INFORMATIONAL";
        }
        return switch (severity) {
            case INFO -> "INFORMATIONAL";
            case LOW -> "LOW";
            case MEDIUM -> "MEDIUM";
            case HIGH -> "HIGH";
            case CRITICAL -> "CRITICAL";
        };
    }

    private static String description(Decision decision) {
        String reason = decision.reason() != null ? decision.reason() : "";
        if (decision.findings().isEmpty()) {
            return reason;
        }
        return reason + "\n" + decision.findings().stream().map(f -> "- " + f).collect(Collectors.joining("\n"));
    }

    /** What trailguard did, or what it recommends doing when the mode did not let it act. */
    private static String recommendation(Notice notice) {
        List<ActionResult> actions = notice.actions();
        if (Verdict.ATTEMPTED.equals(notice.alert().mode())) {
            return "The call failed and changed nothing: review who tried it and why: " + notice.decision().reason();
        }
        if (actions.isEmpty()) {
            return "Review the change and revert it if it was not intended: " + notice.decision().reason();
        }
        String list = actions.stream().map(a -> a.action() + " on " + a.target() + " (" + a.outcome() + ")")
                .collect(Collectors.joining("; "));
        return notice.mode() == Mode.ENFORCE ? "trailguard remediated: " + list + ". Review why the change was made."
                : "Remediate: " + list + ". trailguard did not act (mode " + notice.mode().label() + ").";
    }

    private static String iamArn(String partition, String account, String kind, String name) {
        return "arn:" + partition + ":iam::" + account + ":" + kind + "/" + name;
    }

    private static String partition(String region) {
        RegionMetadata metadata = region != null ? Region.of(region).metadata() : null;
        return metadata != null ? metadata.partition().id() : "aws";
    }

    private static String cut(String text, int max) {
        if (text == null) {
            return "";
        }
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
