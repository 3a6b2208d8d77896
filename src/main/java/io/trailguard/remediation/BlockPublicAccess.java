package io.trailguard.remediation;

import java.util.List;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.trailguard.policy.ActionSpec;
import io.trailguard.predicates.AwsIdentifiers;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/** Turns all four settings of a bucket's public access block on, by signed S3 calls ({@link SignedS3Call}). */
@ApplicationScoped
public class BlockPublicAccess implements ActionExecutor {

    public static final String NAME = "s3.block-public-access";

    /** The ARN of the bucket a {@code bucket} parameter names, for every bucket executor. */
    static final String BUCKET_ARN = "arn:aws:s3:::${bucket}";

    /** The four settings, in the order S3's PublicAccessBlockConfiguration has them. */
    private static final List<String> SETTINGS = List.of("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets");

    private final SignedS3Call s3;

    @Inject
    public BlockPublicAccess(AwsClientConfig config, AccountCredentials credentials) {
        this(SignedS3Call.of(config, credentials));
    }

    BlockPublicAccess(SignedS3Call s3) {
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
        S3Xml current;
        try {
            current = s3.get("GetPublicAccessBlock", spec.string("bucket"), "publicAccessBlock");
        } catch (AwsServiceException e) {
            if ("NoSuchPublicAccessBlockConfiguration".equals(e.awsErrorDetails().errorCode())) {
                return true;
            }
            throw e;
        }
        return !SETTINGS.stream().allMatch(setting -> current != null && "true".equalsIgnoreCase(trim(current.text(setting))));
    }

    @Override
    public void apply(ActionSpec spec) {
        s3.put("PutPublicAccessBlock", spec.string("bucket"), "publicAccessBlock", S3Xml.document("PublicAccessBlockConfiguration",
                SETTINGS.stream().map(setting -> S3Xml.text(setting, "true")).toArray(String[]::new)));
    }

    /** The refusal of every bucket executor for its {@code bucket} parameter. */
    static String bucketRefusal(ActionSpec spec) {
        return ParamCheck.string(spec, "bucket", AwsIdentifiers::isBucketName, "a valid S3 bucket name");
    }

    private static String trim(String text) {
        return text == null ? null : text.strip();
    }

    @PreDestroy
    void close() {
        s3.close();
    }
}
