package io.trailguard.remediation;

import java.util.LinkedHashMap;
import java.util.Map;

import io.trailguard.policy.Remediation;
import io.trailguard.policy.ResourceRef;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * Adds tags to a bucket. PutBucketTagging replaces the whole tag set, so the live tags are read and merged
 * first: a bucket's own tags (cost centre, owner…) are never lost.
 */
public record TagBucket(S3Client s3, BucketTags bucketTags, String bucket, Map<String, String> tags) implements Remediation {

    public TagBucket {
        tags = Map.copyOf(tags);
    }

    @Override
    public String action() {
        return "s3:PutBucketTagging";
    }

    @Override
    public String target() {
        return bucket + " " + tags.keySet();
    }

    @Override
    public boolean needed() {
        return !live().entrySet().containsAll(tags.entrySet());
    }

    @Override
    public void apply() {
        Map<String, String> merged = new LinkedHashMap<>(live());
        merged.putAll(tags);
        s3.putBucketTagging(b -> b.bucket(bucket).tagging(t -> t.tagSet(merged.entrySet().stream()
                .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList())));
    }

    private Map<String, String> live() {
        return bucketTags.tags(new ResourceRef(ResourceRef.S3_BUCKET, bucket));
    }
}
