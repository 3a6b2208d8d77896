package io.trailguard.remediation;

import java.io.UncheckedIOException;
import java.util.List;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.trailguard.policy.ActionSpec;
import io.trailguard.predicates.PublicAccess;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * Removes the public statements from a bucket policy, read live, and keeps the rest; deletes the policy
 * only when nothing else is left. Signed S3 calls ({@link SignedS3Call}): the policy is JSON in and out.
 */
@ApplicationScoped
public class RemovePublicPolicyStatements implements ActionExecutor {

    public static final String NAME = "s3.remove-public-policy-statements";

    private final SignedS3Call s3;
    private final ObjectMapper mapper;

    @Inject
    public RemovePublicPolicyStatements(AwsClientConfig config, AccountCredentials credentials, ObjectMapper mapper) {
        this(SignedS3Call.of(config, credentials), mapper);
    }

    RemovePublicPolicyStatements(SignedS3Call s3, ObjectMapper mapper) {
        this.s3 = s3;
        this.mapper = mapper;
    }

    public static ActionSpec spec(String bucket) {
        return ActionSpec.of(NAME, "bucket", bucket);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Permission> permissions() {
        return List.of(new Permission("s3:GetBucketPolicy", BlockPublicAccess.BUCKET_ARN),
                new Permission("s3:PutBucketPolicy", BlockPublicAccess.BUCKET_ARN),
                new Permission("s3:DeleteBucketPolicy", BlockPublicAccess.BUCKET_ARN));
    }

    @Override
    public String refusal(ActionSpec spec) {
        return BlockPublicAccess.bucketRefusal(spec);
    }

    @Override
    public String target(ActionSpec spec) {
        return spec.string("bucket");
    }

    @Override
    public boolean needed(ActionSpec spec) {
        JsonNode policy = livePolicy(spec.string("bucket"));
        return policy != null && PublicAccess.statements(policy).stream().anyMatch(PublicAccess::isPublic);
    }

    @Override
    public void apply(ActionSpec spec) {
        String bucket = spec.string("bucket");
        JsonNode policy = livePolicy(bucket);
        if (policy == null) {
            return;
        }
        List<JsonNode> kept = PublicAccess.statements(policy).stream().filter(s -> !PublicAccess.isPublic(s)).toList();
        if (kept.isEmpty()) {
            s3.delete("DeleteBucketPolicy", bucket, "policy");
            return;
        }
        ObjectNode remaining = ((ObjectNode) policy).deepCopy();
        remaining.putArray("Statement").addAll(kept);
        s3.put("PutBucketPolicy", bucket, "policy", remaining.toString(), null);
    }

    private JsonNode livePolicy(String bucket) {
        String text;
        try {
            text = s3.read("GetBucketPolicy", bucket, "policy");
        } catch (AwsServiceException e) {
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

    @PreDestroy
    void close() {
        s3.close();
    }
}
