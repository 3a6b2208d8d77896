package io.trailguard.remediation;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.trailguard.policy.ActionSpec;
import io.trailguard.predicates.AwsIdentifiers;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionByDefault;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionRule;

/**
 * Puts a bucket's default encryption back: SSE-KMS with the {@code kms-key-id} given, else SSE-S3. Since 2023 S3
 * falls back to SSE-S3 by itself when the configuration is deleted, so without a key only a bucket left with no
 * configuration at all needs it; with a key, any default that is not that key does.
 */
@ApplicationScoped
public class PutDefaultEncryption implements ActionExecutor {

    public static final String NAME = "s3.put-default-encryption";

    private final S3Client s3;

    public PutDefaultEncryption(S3Client s3) {
        this.s3 = s3;
    }

    /** SSE-S3; a blank key means the same. */
    public static ActionSpec spec(String bucket, String kmsKeyId) {
        return kmsKeyId == null || kmsKeyId.isBlank() ? ActionSpec.of(NAME, "bucket", bucket)
                : ActionSpec.of(NAME, "bucket", bucket, "kms-key-id", kmsKeyId);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Permission> permissions() {
        // the IAM actions of Get/PutBucketEncryption
        return List.of(new Permission("s3:GetEncryptionConfiguration", BlockPublicAccess.BUCKET_ARN),
                new Permission("s3:PutEncryptionConfiguration", BlockPublicAccess.BUCKET_ARN));
    }

    @Override
    public String refusal(ActionSpec spec) {
        return ParamCheck.first(BlockPublicAccess.bucketRefusal(spec), spec.params().containsKey("kms-key-id")
                ? ParamCheck.string(spec, "kms-key-id", AwsIdentifiers::isKmsKeyReference, "a KMS key id, key ARN or alias")
                : null);
    }

    @Override
    public String target(ActionSpec spec) {
        return spec.string("bucket") + (kmsKey(spec) == null ? " (SSE-S3)" : " (SSE-KMS " + kmsKey(spec) + ")");
    }

    @Override
    public boolean needed(ActionSpec spec) {
        List<ServerSideEncryptionRule> rules;
        try {
            rules = s3.getBucketEncryption(b -> b.bucket(spec.string("bucket"))).serverSideEncryptionConfiguration().rules();
        } catch (S3Exception e) {
            if ("ServerSideEncryptionConfigurationNotFoundError".equals(e.awsErrorDetails().errorCode())) {
                return true;
            }
            throw e;
        }
        if (rules.isEmpty()) {
            return true;
        }
        ServerSideEncryptionByDefault current = rules.get(0).applyServerSideEncryptionByDefault();
        String key = kmsKey(spec);
        if (key == null) {
            return current == null;
        }
        return current == null || current.sseAlgorithm() != ServerSideEncryption.AWS_KMS || !key.equals(current.kmsMasterKeyID());
    }

    @Override
    public void apply(ActionSpec spec) {
        String key = kmsKey(spec);
        ServerSideEncryptionByDefault byDefault = key == null
                ? ServerSideEncryptionByDefault.builder().sseAlgorithm(ServerSideEncryption.AES256).build()
                : ServerSideEncryptionByDefault.builder().sseAlgorithm(ServerSideEncryption.AWS_KMS).kmsMasterKeyID(key).build();
        s3.putBucketEncryption(b -> b.bucket(spec.string("bucket")).serverSideEncryptionConfiguration(c -> c
                .rules(r -> r.applyServerSideEncryptionByDefault(byDefault).bucketKeyEnabled(key != null))));
    }

    private static String kmsKey(ActionSpec spec) {
        return spec.string("kms-key-id");
    }
}
