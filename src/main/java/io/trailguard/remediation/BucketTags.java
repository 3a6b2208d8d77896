package io.trailguard.remediation;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.trailguard.policy.ResourceRef;
import io.trailguard.policy.TagReader;
import io.trailguard.predicates.AwsIdentifiers;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.Tag;

/** A bucket's tags; a bucket without a tag set has none. */
@ApplicationScoped
public class BucketTags implements TagReader {

    private final S3Client s3;

    public BucketTags(S3Client s3) {
        this.s3 = s3;
    }

    @Override
    public boolean reads(String resourceType) {
        return ResourceRef.S3_BUCKET.equals(resourceType);
    }

    @Override
    public List<String> iamActions(String resourceType) {
        return List.of("s3:GetBucketTagging");
    }

    @Override
    public String refusal(ResourceRef resource) {
        return AwsIdentifiers.isBucketName(resource.id()) ? null : AwsIdentifiers.refused("bucket", resource.id(), "a valid S3 bucket name");
    }

    @Override
    public Map<String, String> tags(ResourceRef resource) {
        try {
            return s3.getBucketTagging(b -> b.bucket(resource.id())).tagSet().stream()
                    .collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> b));
        } catch (S3Exception e) {
            if ("NoSuchTagSet".equals(e.awsErrorDetails().errorCode())) {
                return Map.of();
            }
            throw e;
        }
    }
}
