package io.trailguard.remediation;

import java.util.List;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.trailguard.policy.ActionSpec;

/** Turns a bucket's versioning back on after it was suspended: overwritten and deleted objects are kept again. Signed S3 calls ({@link SignedS3Call}). */
@ApplicationScoped
public class EnableBucketVersioning implements ActionExecutor {

    public static final String NAME = "s3.enable-versioning";

    private final SignedS3Call s3;

    @Inject
    public EnableBucketVersioning(AwsClientConfig config, AccountCredentials credentials) {
        this(SignedS3Call.of(config, credentials));
    }

    EnableBucketVersioning(SignedS3Call s3) {
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
        S3Xml versioning = s3.get("GetBucketVersioning", spec.string("bucket"), "versioning");
        return versioning == null || !"Enabled".equals(versioning.text("Status"));
    }

    @Override
    public void apply(ActionSpec spec) {
        s3.put("PutBucketVersioning", spec.string("bucket"), "versioning", S3Xml.document("VersioningConfiguration", S3Xml.text("Status", "Enabled")));
    }

    @PreDestroy
    void close() {
        s3.close();
    }
}
