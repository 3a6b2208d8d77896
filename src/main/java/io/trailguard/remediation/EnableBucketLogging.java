package io.trailguard.remediation;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.trailguard.policy.ActionSpec;
import io.trailguard.predicates.AwsIdentifiers;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Turns a bucket's server access logging back on, into the configured log bucket and prefix. Where the logs went
 * before is not in the event that turned them off, so the target is the one trailguard is configured with.
 */
@ApplicationScoped
public class EnableBucketLogging implements ActionExecutor {

    public static final String NAME = "s3.enable-access-logging";

    private static final int MAX_PREFIX = 512;

    private final S3Client s3;

    public EnableBucketLogging(S3Client s3) {
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
        return s3.getBucketLogging(b -> b.bucket(spec.string("bucket"))).loggingEnabled() == null;
    }

    @Override
    public void apply(ActionSpec spec) {
        s3.putBucketLogging(b -> b.bucket(spec.string("bucket")).bucketLoggingStatus(l -> l.loggingEnabled(e -> e
                .targetBucket(spec.string("target-bucket")).targetPrefix(spec.string("target-prefix")))));
    }
}
