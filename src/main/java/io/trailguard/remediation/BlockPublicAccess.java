package io.trailguard.remediation;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.trailguard.policy.ActionSpec;
import io.trailguard.predicates.AwsIdentifiers;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PublicAccessBlockConfiguration;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Turns all four settings of a bucket's public access block on. */
@ApplicationScoped
public class BlockPublicAccess implements ActionExecutor {

    public static final String NAME = "s3.block-public-access";

    /** The ARN of the bucket a {@code bucket} parameter names, for every bucket executor. */
    static final String BUCKET_ARN = "arn:aws:s3:::${bucket}";

    private final S3Client s3;

    public BlockPublicAccess(S3Client s3) {
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
        return List.of(new Permission("s3:GetBucketPublicAccessBlock", BUCKET_ARN),
                new Permission("s3:PutBucketPublicAccessBlock", BUCKET_ARN));
    }

    @Override
    public String refusal(ActionSpec spec) {
        return bucketRefusal(spec);
    }

    @Override
    public String target(ActionSpec spec) {
        return spec.string("bucket");
    }

    @Override
    public boolean needed(ActionSpec spec) {
        PublicAccessBlockConfiguration current;
        try {
            current = s3.getPublicAccessBlock(b -> b.bucket(spec.string("bucket"))).publicAccessBlockConfiguration();
        } catch (S3Exception e) {
            if ("NoSuchPublicAccessBlockConfiguration".equals(e.awsErrorDetails().errorCode())) {
                return true;
            }
            throw e;
        }
        return !(isTrue(current.blockPublicAcls()) && isTrue(current.ignorePublicAcls())
                && isTrue(current.blockPublicPolicy()) && isTrue(current.restrictPublicBuckets()));
    }

    @Override
    public void apply(ActionSpec spec) {
        s3.putPublicAccessBlock(b -> b.bucket(spec.string("bucket")).publicAccessBlockConfiguration(c -> c
                .blockPublicAcls(true).ignorePublicAcls(true).blockPublicPolicy(true).restrictPublicBuckets(true)));
    }

    /** The refusal of every bucket executor for its {@code bucket} parameter. */
    static String bucketRefusal(ActionSpec spec) {
        return ParamCheck.string(spec, "bucket", AwsIdentifiers::isBucketName, "a valid S3 bucket name");
    }

    private static boolean isTrue(Boolean b) {
        return Boolean.TRUE.equals(b);
    }
}
