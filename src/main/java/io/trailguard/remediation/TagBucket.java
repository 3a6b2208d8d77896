package io.trailguard.remediation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.trailguard.policy.ActionSpec;
import io.trailguard.policy.ResourceRef;

/**
 * Adds tags to a bucket. PutBucketTagging replaces the whole tag set, so the live tags are read and merged
 * first: a bucket's own tags (cost centre, owner…) are never lost.
 */
@ApplicationScoped
public class TagBucket implements ActionExecutor {

    public static final String NAME = "s3.tag-bucket";

    private final BucketTags bucketTags;

    public TagBucket(BucketTags bucketTags) {
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
        bucketTags.put(spec.string("bucket"), merged);
    }

    private Map<String, String> live(ActionSpec spec) {
        return bucketTags.tags(new ResourceRef(ResourceRef.S3_BUCKET, spec.string("bucket")));
    }
}
