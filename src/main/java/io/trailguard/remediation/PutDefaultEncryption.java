package io.trailguard.remediation;

import java.util.List;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.trailguard.policy.ActionSpec;
import io.trailguard.predicates.AwsIdentifiers;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * Puts a bucket's default encryption back: SSE-KMS with the {@code kms-key-id} given, else SSE-S3. Since 2023 S3
 * falls back to SSE-S3 by itself when the configuration is deleted, so without a key only a bucket left with no
 * configuration at all needs it; with a key, any default that is not that key does. Signed S3 calls ({@link SignedS3Call}).
 */
@ApplicationScoped
public class PutDefaultEncryption implements ActionExecutor {

    public static final String NAME = "s3.put-default-encryption";

    private final SignedS3Call s3;

    @Inject
    public PutDefaultEncryption(AwsClientConfig config, AccountCredentials credentials) {
        this(SignedS3Call.of(config, credentials));
    }

    PutDefaultEncryption(SignedS3Call s3) {
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
        List<S3Xml> rules;
        try {
            S3Xml configuration = s3.get("GetBucketEncryption", spec.string("bucket"), "encryption");
            rules = configuration == null ? List.of() : configuration.all("Rule");
        } catch (AwsServiceException e) {
            if ("ServerSideEncryptionConfigurationNotFoundError".equals(e.awsErrorDetails().errorCode())) {
                return true;
            }
            throw e;
        }
        if (rules.isEmpty()) {
            return true;
        }
        S3Xml current = rules.get(0).child("ApplyServerSideEncryptionByDefault");
        String key = kmsKey(spec);
        if (key == null) {
            return current == null;
        }
        return current == null || !"aws:kms".equals(current.text("SSEAlgorithm")) || !key.equals(current.text("KMSMasterKeyID"));
    }

    @Override
    public void apply(ActionSpec spec) {
        String key = kmsKey(spec);
        String byDefault = S3Xml.element("ApplyServerSideEncryptionByDefault", S3Xml.text("SSEAlgorithm", key == null ? "AES256" : "aws:kms"),
                S3Xml.text("KMSMasterKeyID", key));
        s3.put("PutBucketEncryption", spec.string("bucket"), "encryption", S3Xml.document("ServerSideEncryptionConfiguration",
                S3Xml.element("Rule", byDefault, S3Xml.text("BucketKeyEnabled", Boolean.toString(key != null)))));
    }

    private static String kmsKey(ActionSpec spec) {
        return spec.string("kms-key-id");
    }

    @PreDestroy
    void close() {
        s3.close();
    }
}
