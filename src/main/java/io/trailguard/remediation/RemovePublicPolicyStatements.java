package io.trailguard.remediation;

import java.io.UncheckedIOException;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.trailguard.predicates.PublicAccess;
import io.trailguard.policy.Remediation;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Removes the public statements from a bucket policy, read live, and keeps the rest; deletes the policy
 * only when nothing else is left.
 */
public record RemovePublicPolicyStatements(S3Client s3, ObjectMapper mapper, String bucket) implements Remediation {

    @Override
    public String action() {
        return "s3:PutBucketPolicy";
    }

    @Override
    public String target() {
        return bucket;
    }

    @Override
    public boolean needed() {
        JsonNode policy = livePolicy();
        return policy != null && PublicAccess.statements(policy).stream().anyMatch(PublicAccess::isPublic);
    }

    @Override
    public void apply() {
        JsonNode policy = livePolicy();
        if (policy == null) {
            return;
        }
        List<JsonNode> kept = PublicAccess.statements(policy).stream().filter(s -> !PublicAccess.isPublic(s)).toList();
        if (kept.isEmpty()) {
            s3.deleteBucketPolicy(b -> b.bucket(bucket));
            return;
        }
        ObjectNode remaining = ((ObjectNode) policy).deepCopy();
        remaining.putArray("Statement").addAll(kept);
        s3.putBucketPolicy(b -> b.bucket(bucket).policy(remaining.toString()));
    }

    private JsonNode livePolicy() {
        String text;
        try {
            text = s3.getBucketPolicy(b -> b.bucket(bucket)).policy();
        } catch (S3Exception e) {
            if ("NoSuchBucketPolicy".equals(e.awsErrorDetails().errorCode())) {
                return null;
            }
            throw e;
        }
        try {
            JsonNode policy = mapper.readTree(text);
            return policy != null && policy.isObject() ? policy : null;
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("bucket policy of " + bucket + " is not JSON", e);
        }
    }
}
