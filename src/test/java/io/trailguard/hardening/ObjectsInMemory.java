package io.trailguard.hardening;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.trailguard.remediation.S3Objects;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * An S3 that only serves objects put in memory: the fuzz test reads thousands of log files through the real
 * {@code LogFileInterceptor} without a round trip to moto per file (a handful still go through moto). A missing object
 * is S3's NoSuchKey, as the signed calls throw it.
 */
final class ObjectsInMemory extends S3Objects {

    private final Map<String, byte[]> objects = new ConcurrentHashMap<>();

    void put(String bucket, String key, byte[] bytes) {
        objects.put(bucket + "/" + key, bytes);
    }

    void remove(String bucket, String key) {
        objects.remove(bucket + "/" + key);
    }

    @Override
    public InputStream get(String bucket, String key, String versionId) {
        byte[] bytes = objects.get(bucket + "/" + key);
        if (bytes == null) {
            throw AwsServiceException.builder().statusCode(404).message("NoSuchKey: no object " + key)
                    .awsErrorDetails(AwsErrorDetails.builder().errorCode("NoSuchKey").serviceName("S3").build()).build();
        }
        return new ByteArrayInputStream(bytes);
    }
}
