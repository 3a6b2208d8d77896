package io.trailguard.remediation;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.trailguard.policy.ActionSpec;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;

/** Turns a bucket's versioning back on after it was suspended: overwritten and deleted objects are kept again. */
@ApplicationScoped
public class EnableBucketVersioning implements ActionExecutor {

    public static final String NAME = "s3.enable-versioning";

    private final S3Client s3;

    public EnableBucketVersioning(S3Client s3) {
        this.s3 = s3;
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
        return List.of(new Permission("s3:GetBucketVersioning", BlockPublicAccess.BUCKET_ARN),
                new Permission("s3:PutBucketVersioning", BlockPublicAccess.BUCKET_ARN));
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
        return s3.getBucketVersioning(b -> b.bucket(spec.string("bucket"))).status() != BucketVersioningStatus.ENABLED;
    }

    @Override
    public void apply(ActionSpec spec) {
        s3.putBucketVersioning(b -> b.bucket(spec.string("bucket"))
                .versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
    }
}
