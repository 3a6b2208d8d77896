package io.trailguard.remediation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.trailguard.policy.ResourceRef;
import io.trailguard.policy.TagReader;
import io.trailguard.predicates.AwsIdentifiers;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/** A bucket's tags, read by a signed GetBucketTagging ({@link SignedS3Call}); a bucket without a tag set has none. */
@ApplicationScoped
public class BucketTags implements TagReader {

    private final SignedS3Call s3;

    @Inject
    public BucketTags(AwsClientConfig config, AccountCredentials credentials) {
        this(SignedS3Call.of(config, credentials));
    }

    BucketTags(SignedS3Call s3) {
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
        S3Xml tagging;
        try {
            tagging = s3.get("GetBucketTagging", resource.id(), "tagging");
        } catch (AwsServiceException e) {
            if ("NoSuchTagSet".equals(e.awsErrorDetails().errorCode())) {
                return Map.of();
            }
            throw e;
        }
        Map<String, String> tags = new LinkedHashMap<>();
        S3Xml tagSet = tagging == null ? null : tagging.child("TagSet");
        if (tagSet != null) {
            tagSet.all("Tag").forEach(tag -> tags.put(tag.text("Key"), tag.text("Value") == null ? "" : tag.text("Value")));
        }
        return tags;
    }

    /** PutBucketTagging of {@code tags}: the whole tag set, replaced. */
    void put(String bucket, Map<String, String> tags) {
        s3.put("PutBucketTagging", bucket, "tagging", S3Xml.document("Tagging", S3Xml.element("TagSet", tags.entrySet().stream()
                .map(tag -> S3Xml.element("Tag", S3Xml.text("Key", tag.getKey()), S3Xml.text("Value", tag.getValue())))
                .toArray(String[]::new))));
    }

    @PreDestroy
    void close() {
        s3.close();
    }
}
