package io.trailguard.remediation;

import io.trailguard.policy.Remediation;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PublicAccessBlockConfiguration;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Turns all four settings of a bucket's public access block on. */
public record BlockPublicAccess(S3Client s3, String bucket) implements Remediation {

    @Override
    public String action() {
        return "s3:PutBucketPublicAccessBlock";
    }

    @Override
    public String target() {
        return bucket;
    }

    @Override
    public boolean needed() {
        PublicAccessBlockConfiguration current;
        try {
            current = s3.getPublicAccessBlock(b -> b.bucket(bucket)).publicAccessBlockConfiguration();
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
    public void apply() {
        s3.putPublicAccessBlock(b -> b.bucket(bucket).publicAccessBlockConfiguration(c -> c
                .blockPublicAcls(true).ignorePublicAcls(true).blockPublicPolicy(true).restrictPublicBuckets(true)));
    }

    private static boolean isTrue(Boolean b) {
        return Boolean.TRUE.equals(b);
    }
}
