package io.trailguard.remediation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.trailguard.policy.ActionSpec;
import io.trailguard.policy.ResourceRef;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * Adds tags to a bucket. PutBucketTagging replaces the whole tag set, so the live tags are read and merged
 * first: a bucket's own tags (cost centre, owner…) are never lost.
 */
@ApplicationScoped
public class TagBucket implements ActionExecutor {

    public static final String NAME = "s3.tag-bucket";

    private final S3Client s3;
    private final BucketTags bucketTags;

    public TagBucket(S3Client s3, BucketTags bucketTags) {
        this.s3 = s3;
        this.bucketTags = bucketTags;
    }

    public static ActionSpec spec(String bucket, Map<String, String> tags) {
        return ActionSpec.of(NAME, "bucket", bucket, "tags", tags);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Permission> permissions() {
        return List.of(new Permission("s3:GetBucketTagging", BlockPublicAccess.BUCKET_ARN),
                new Permission("s3:PutBucketTagging", BlockPublicAccess.BUCKET_ARN));
    }

    @Override
    public String refusal(ActionSpec spec) {
        return ParamCheck.first(BlockPublicAccess.bucketRefusal(spec), ParamCheck.tags(spec));
    }

    @Override
    public String target(ActionSpec spec) {
        return spec.string("bucket") + " " + spec.map("tags").keySet();
    }

    @Override
    public boolean needed(ActionSpec spec) {
        return !live(spec).entrySet().containsAll(spec.map("tags").entrySet());
    }

    @Override
    public void apply(ActionSpec spec) {
        Map<String, String> merged = new LinkedHashMap<>(live(spec));
        merged.putAll(spec.map("tags"));
        s3.putBucketTagging(b -> b.bucket(spec.string("bucket")).tagging(t -> t.tagSet(merged.entrySet().stream()
                .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList())));
    }

    private Map<String, String> live(ActionSpec spec) {
        return bucketTags.tags(new ResourceRef(ResourceRef.S3_BUCKET, spec.string("bucket")));
    }
}
