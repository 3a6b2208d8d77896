package io.trailguard.remediation;

import java.util.List;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.trailguard.policy.ActionSpec;
import io.trailguard.predicates.AwsIdentifiers;

/**
 * Turns a bucket's server access logging back on, into the configured log bucket and prefix. Where the logs went
 * before is not in the event that turned them off, so the target is the one trailguard is configured with. Signed S3 calls ({@link SignedS3Call}).
 */
@ApplicationScoped
public class EnableBucketLogging implements ActionExecutor {

    public static final String NAME = "s3.enable-access-logging";

    private static final int MAX_PREFIX = 512;

    private final SignedS3Call s3;

    @Inject
    public EnableBucketLogging(AwsClientConfig config, AccountCredentials credentials) {
        this(SignedS3Call.of(config, credentials));
    }

    EnableBucketLogging(SignedS3Call s3) {
        this.s3 = s3;
    }

    public static ActionSpec spec(String bucket, String targetBucket, String targetPrefix) {
        return ActionSpec.of(NAME, "bucket", bucket, "target-bucket", targetBucket, "target-prefix", targetPrefix);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Permission> permissions() {
        return List.of(new Permission("s3:GetBucketLogging", BlockPublicAccess.BUCKET_ARN),
                new Permission("s3:PutBucketLogging", BlockPublicAccess.BUCKET_ARN));
    }

    @Override
    public String refusal(ActionSpec spec) {
        String prefix = spec.string("target-prefix");
        return ParamCheck.first(BlockPublicAccess.bucketRefusal(spec),
                ParamCheck.string(spec, "target-bucket", AwsIdentifiers::isBucketName, "a valid S3 bucket name"),
                prefix == null ? "missing parameter target-prefix"
                        : prefix.length() > MAX_PREFIX || prefix.chars().anyMatch(Character::isISOControl)
                                ? AwsIdentifiers.refused("target-prefix", prefix, "a key prefix of at most 512 printable characters")
                                : null,
                // a bucket logging into itself writes a log object for every log object, without end
                spec.string("bucket") != null && spec.string("bucket").equals(spec.string("target-bucket"))
                        ? "refused: bucket " + AwsIdentifiers.quote(spec.string("bucket")) + " would log into itself" : null);
    }

    @Override
    public String target(ActionSpec spec) {
        return spec.string("bucket") + " → s3://" + spec.string("target-bucket") + "/" + spec.string("target-prefix");
    }

    @Override
    public boolean needed(ActionSpec spec) {
        S3Xml status = s3.get("GetBucketLogging", spec.string("bucket"), "logging");
        return status == null || status.child("LoggingEnabled") == null;
    }

    @Override
    public void apply(ActionSpec spec) {
        s3.put("PutBucketLogging", spec.string("bucket"), "logging", S3Xml.document("BucketLoggingStatus", S3Xml.element("LoggingEnabled",
                S3Xml.text("TargetBucket", spec.string("target-bucket")), S3Xml.text("TargetPrefix", spec.string("target-prefix")))));
    }

    @PreDestroy
    void close() {
        s3.close();
    }
}
