package io.trailguard.remediation;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.net.URI;
import java.time.Duration;
import java.util.List;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.trailguard.notify.ArchiveObjects;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * S3 objects read and written by signed calls ({@link SignedS3Call}), for what is not an executor: the audit archive,
 * the log files a notification or a Batch Operations task names, the S3 rule source and the replay's read-back. An S3
 * error is the SDK's {@link AwsServiceException} with S3's code ({@link #notFound} tells the missing object or bucket).
 */
@ApplicationScoped
public class S3Objects implements ArchiveObjects {

    private final SignedS3Call s3;

    @Inject
    public S3Objects(AwsClientConfig config, AccountCredentials credentials) {
        this(SignedS3Call.of(config, credentials));
    }

    S3Objects(SignedS3Call s3) {
        this.s3 = s3;
    }

    /** S3 of {@code region}, at {@code endpointOverride} when set (an emulator): for a caller outside CDI. */
    public S3Objects(String region, URI endpointOverride, AwsCredentialsProvider credentials, Duration timeout) {
        this(new SignedS3Call(region, endpointOverride, credentials, timeout));
    }

    /** For a stand-in that serves objects another way (the tests' in-memory objects): it overrides what it serves. */
    protected S3Objects() {
        this.s3 = null;
    }

    /** An object's content, streamed (the caller closes it); {@code versionId} null for the current version. */
    public InputStream get(String bucket, String key, String versionId) {
        return s3.getObject(bucket, key, versionId);
    }

    /** An object's whole content. */
    public byte[] bytes(String bucket, String key) {
        try (InputStream in = get(bucket, key, null)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw SdkClientException.create("s3://" + bucket + "/" + key + " cannot be read: " + e.getMessage(), e);
        }
    }

    @Override
    public void put(String bucket, String key, String content, String contentType) {
        s3.putObject(bucket, key, content.getBytes(StandardCharsets.UTF_8), contentType);
    }

    /** The keys under {@code prefix}, every page of ListObjectsV2. */
    public List<String> keys(String bucket, String prefix) {
        List<String> keys = new ArrayList<>();
        String token = null;
        do {
            S3Xml page = s3.listObjects(bucket, prefix, token);
            if (page == null) {
                break;
            }
            page.all("Contents").forEach(object -> keys.add(object.text("Key")));
            token = "true".equals(page.text("IsTruncated")) ? page.text("NextContinuationToken") : null;
        } while (token != null);
        return keys;
    }

    /** A missing object or bucket (S3's NoSuchKey, NoSuchBucket), as the SDK's NoSuchKeyException and NoSuchBucketException were. */
    public static boolean notFound(AwsServiceException e) {
        String code = e.awsErrorDetails() != null ? e.awsErrorDetails().errorCode() : null;
        return "NoSuchKey".equals(code) || "NoSuchBucket".equals(code);
    }

    @PreDestroy
    public void close() {
        if (s3 != null) {
            s3.close();
        }
    }
}
