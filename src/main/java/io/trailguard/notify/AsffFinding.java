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
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.RegionMetadata;
import software.amazon.awssdk.services.securityhub.model.AwsSecurityFinding;
import software.amazon.awssdk.services.securityhub.model.RecordState;
import software.amazon.awssdk.services.securityhub.model.Resource;
import software.amazon.awssdk.services.securityhub.model.SeverityLabel;

/**
 * A decision as an AWS Security Finding Format finding of the account's default custom-integration product.
 * Its Id is derived from the policy and the CloudTrail event id, and CreatedAt is the event's time, so a
 * re-delivered event updates the same finding instead of adding one.
 */
public final class AsffFinding {

    static final String SCHEMA_VERSION = "2018-10-08";
    /** The product field of the MITRE ATT&CK technique ids, comma-separated. */
    public static final String ATTACK_FIELD = "trailguard/AttackTechniques";
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern HTTP_URL = Pattern.compile("https?://[^\\s]{1,2000}");

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
    public static AwsSecurityFinding of(Notice notice, String productAccount, String hubRegion, Instant now) {
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
        AwsSecurityFinding.Builder finding = AwsSecurityFinding.builder()
                .schemaVersion(SCHEMA_VERSION)
                .id(id(notice.policy().name(), event.eventId()))
                .productArn(productArn(partition, hubRegion, productAccount))
                .productName("trailguard")
                .companyName("trailguard")
                .generatorId(notice.policy().name())
                .awsAccountId(account)
                .region(hubRegion)
                .types(notice.policy().policy().findingTypes())
                .createdAt(created)
                .firstObservedAt(created)
                .lastObservedAt(created)
                .updatedAt(now.toString())
                .severity(s -> s.label(label(decision.severity())).original(decision.severity() != null ? decision.severity().name() : "INFO"))
                .title(cut(notice.policy().policy().description(), 256))
                .description(cut(description(decision), 1024))
                .remediation(r -> r.recommendation(rec -> rec.text(cut(recommendation(notice), 512)).url(runbook)))
                .resources(resource(decision.resource(), partition, account, eventRegion))
                .productFields(fields)
                .recordState(RecordState.ACTIVE);
        if (detail.eventName() != null) {
            finding.action(a -> a.actionType("AWS_API_CALL").awsApiCallAction(call -> {
                call.api(detail.eventName()).serviceName(detail.eventSource());
                String ip = detail.sourceIPAddress();
                if (ip != null && IPV4.matcher(ip).matches()) {
                    call.callerType("remoteip").remoteIpDetails(r -> r.ipAddressV4(ip));
                } else if (ip != null) {
                    call.callerType("domain").domainDetails(d -> d.domain(ip));
                }
            }));
        }
        return finding.build();
    }

    /** The ASFF resource: type and ARN for the types trailguard knows, else {@code Other} with the id as given. */
    static Resource resource(ResourceRef ref, String partition, String account, String region) {
        Resource.Builder resource = Resource.builder().partition(partition).region(region);
        if (ref == null || ResourceRef.IAM_ROOT_USER.equals(ref.type())) {
            String id = ref != null && ref.id() != null ? ref.id() : account;
            return resource.type("AwsAccount").id("AWS::::Account:" + id).build();
        }
        String id = ref.id();
        boolean arn = id != null && id.startsWith("arn:");
        return switch (ref.type()) {
            case ResourceRef.S3_BUCKET -> resource.type("AwsS3Bucket").id(arn ? id : "arn:" + partition + ":s3:::" + id).build();
            case ResourceRef.IAM_USER -> resource.type("AwsIamUser").id(arn ? id : iamArn(partition, account, "user", id)).build();
            case ResourceRef.IAM_ROLE -> resource.type("AwsIamRole").id(arn ? id : iamArn(partition, account, "role", id)).build();
            case ResourceRef.IAM_GROUP -> resource.type("AwsIamGroup").id(arn ? id : iamArn(partition, account, "group", id)).build();
            case ResourceRef.CLOUDTRAIL_TRAIL -> resource.type("AwsCloudTrailTrail")
                    .id(arn ? id : "arn:" + partition + ":cloudtrail:" + region + ":" + account + ":trail/" + id).build();
            default -> resource.type("Other").id(id != null ? id : ref.type()).build();
        };
    }

    static SeverityLabel label(Severity severity) {
        if (severity == null) {
            return SeverityLabel.INFORMATIONAL;
        }
        return switch (severity) {
            case INFO -> SeverityLabel.INFORMATIONAL;
            case LOW -> SeverityLabel.LOW;
            case MEDIUM -> SeverityLabel.MEDIUM;
            case HIGH -> SeverityLabel.HIGH;
            case CRITICAL -> SeverityLabel.CRITICAL;
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
