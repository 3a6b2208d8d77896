package io.trailguard.policies.s3;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.trailguard.event.CloudTrailDetail;
import io.trailguard.event.TrailEvent;
import io.trailguard.policy.Decision;
import io.trailguard.policy.FailedCalls;
import io.trailguard.policy.HandlerNames;
import io.trailguard.policy.Mode;
import io.trailguard.policy.Policy;
import io.trailguard.policy.ResourceRef;
import io.trailguard.policy.Severity;
import io.trailguard.predicates.PublicAccess;
import io.trailguard.remediation.BlockPublicAccess;
import io.trailguard.remediation.RemovePublicAclGrants;
import io.trailguard.remediation.RemovePublicPolicyStatements;

/**
 * An S3 bucket made public: an ACL granting AllUsers/AuthenticatedUsers (canned ACL, grant header or ACL
 * body), a bucket policy allowing {@code *} without a restricting condition, or its public access block
 * removed or weakened. Enforce puts the block back, strips the public grants or statements, then alerts.
 */
@ApplicationScoped
public class PublicBucket implements Policy {

    private static final List<String> GRANT_HEADERS = List.of("x-amz-grant-read", "x-amz-grant-write",
            "x-amz-grant-read-acp", "x-amz-grant-write-acp", "x-amz-grant-full-control");
    private static final List<String> BLOCK_FLAGS = List.of("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy",
            "RestrictPublicBuckets");

    private final ObjectMapper mapper;

    public PublicBucket(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public String name() {
        return "s3-public-bucket";
    }

    @Override
    public String handler() {
        return HandlerNames.S3;
    }

    @Override
    public String description() {
        return "S3 bucket made public by ACL, bucket policy or public access block change";
    }

    @Override
    public List<String> attackTechniques() {
        return List.of("T1530");
    }

    @Override
    public Optional<String> runbook() {
        return Optional.of("https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html");
    }

    @Override
    public String pattern() {
        return """
                {"source": ["aws.s3"],
                 "detail-type": ["AWS API Call via CloudTrail"],
                 "detail": {"eventSource": ["s3.amazonaws.com"],
                            "eventName": ["PutBucketAcl", "PutBucketPolicy", "PutBucketPublicAccessBlock", "DeleteBucketPublicAccessBlock"]}}
                """;
    }

    @Override
    public List<String> actions() {
        return List.of(BlockPublicAccess.NAME, RemovePublicAclGrants.NAME, RemovePublicPolicyStatements.NAME);
    }

    @Override
    public List<String> resourceTypes() {
        return List.of(ResourceRef.S3_BUCKET);
    }

    @Override
    public Mode defaultMode() {
        return Mode.ENFORCE;
    }

    @Override
    public FailedCalls failedCalls() {
        // a refused public ACL or bucket policy is an attempt at exfiltration
        return FailedCalls.ALERT;
    }

    @Override
    public List<String> findingTypes() {
        return List.of("Effects/Data Exposure", "Software and Configuration Checks/AWS Security Best Practices");
    }

    @Override
    public Decision decide(TrailEvent event) {
        CloudTrailDetail detail = event.detail();
        String bucket = detail.requestParameter("bucketName");
        if (bucket == null || bucket.isBlank()) {
            return Decision.noMatch("no bucketName in requestParameters");
        }
        // an invalid name is judged like any other (fail closed): the bucket executors refuse it, so nothing is done on it
        ResourceRef resource = new ResourceRef(ResourceRef.S3_BUCKET, bucket);
        return switch (detail.eventName()) {
            case "PutBucketAcl" -> aclChange(detail.requestParameters(), bucket, resource);
            case "PutBucketPolicy" -> policyChange(detail.requestParameters(), bucket, resource);
            case "PutBucketPublicAccessBlock" -> blockChange(detail.requestParameters(), bucket, resource);
            case "DeleteBucketPublicAccessBlock" -> Decision.remediate(Severity.HIGH, resource,
                    "public access block of bucket " + bucket + " deleted", List.of("public access block deleted"),
                    List.of(BlockPublicAccess.spec(bucket)));
            default -> Decision.noMatch("not a bucket exposure call");
        };
    }

    private Decision aclChange(JsonNode request, String bucket, ResourceRef resource) {
        List<String> findings = new ArrayList<>();
        for (JsonNode acl : values(request.get("x-amz-acl"))) {
            if (PublicAccess.PUBLIC_CANNED_ACLS.contains(acl.asText())) {
                findings.add("canned ACL " + acl.asText());
            }
        }
        for (String header : GRANT_HEADERS) {
            for (JsonNode grant : values(request.get(header))) {
                String grantee = grant.asText();
                if (grantee.contains(PublicAccess.ALL_USERS) || grantee.contains(PublicAccess.AUTHENTICATED_USERS)) {
                    findings.add(header + " " + grantee);
                }
            }
        }
        JsonNode grants = request.path("AccessControlPolicy").path("AccessControlList").get("Grant");
        for (JsonNode grant : values(grants)) {
            String uri = grant.path("Grantee").path("URI").asText(null);
            if (PublicAccess.isPublicGroup(uri)) {
                findings.add("grant " + grant.path("Permission").asText("?") + " to " + uri);
            }
        }
        if (findings.isEmpty()) {
            return Decision.noMatch("ACL grants no public access");
        }
        return Decision.remediate(Severity.HIGH, resource, "bucket " + bucket + " ACL made public", findings,
                List.of(RemovePublicAclGrants.spec(bucket), BlockPublicAccess.spec(bucket)));
    }

    private Decision policyChange(JsonNode request, String bucket, ResourceRef resource) {
        JsonNode policy = request.get("bucketPolicy");
        if (policy != null && policy.isTextual()) {
            try {
                policy = mapper.readTree(policy.asText());
            } catch (JsonProcessingException e) {
                return Decision.noMatch("bucketPolicy is not JSON");
            }
        }
        if (policy == null || !policy.isObject()) {
            return Decision.noMatch("no bucketPolicy in requestParameters");
        }
        List<String> findings = new ArrayList<>();
        List<JsonNode> statements = PublicAccess.statements(policy);
        for (int i = 0; i < statements.size(); i++) {
            if (PublicAccess.isPublic(statements.get(i))) {
                String sid = statements.get(i).path("Sid").asText("");
                findings.add("statement " + (sid.isEmpty() ? "#" + i : sid) + " allows Principal * without a restricting condition");
            }
        }
        if (findings.isEmpty()) {
            return Decision.noMatch("bucket policy grants no public access");
        }
        return Decision.remediate(Severity.HIGH, resource, "bucket " + bucket + " policy made public", findings,
                List.of(RemovePublicPolicyStatements.spec(bucket), BlockPublicAccess.spec(bucket)));
    }

    private Decision blockChange(JsonNode request, String bucket, ResourceRef resource) {
        JsonNode config = request.get("PublicAccessBlockConfiguration");
        if (config == null || !config.isObject()) {
            return Decision.noMatch("no PublicAccessBlockConfiguration in requestParameters");
        }
        List<String> findings = new ArrayList<>();
        for (String flag : BLOCK_FLAGS) {
            JsonNode value = config.get(flag);
            // an omitted flag is set to false by PutPublicAccessBlock
            if (value == null || !(value.asBoolean(false) || "true".equalsIgnoreCase(value.asText()))) {
                findings.add(flag + " off");
            }
        }
        if (findings.isEmpty()) {
            return Decision.noMatch("all four public access block settings on");
        }
        return Decision.remediate(Severity.HIGH, resource, "public access block of bucket " + bucket + " weakened", findings,
                List.of(BlockPublicAccess.spec(bucket)));
    }

    /** A field that CloudTrail logs either as one value or as an array of values. */
    private static List<JsonNode> values(JsonNode node) {
        List<JsonNode> values = new ArrayList<>();
        if (node == null || node.isNull()) {
            return values;
        }
        if (node.isArray()) {
            node.forEach(values::add);
        } else {
            values.add(node);
        }
        return values;
    }
}
