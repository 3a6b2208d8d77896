package io.trailguard.hardening;

import java.io.ByteArrayInputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * An S3 that only serves objects put in memory: the fuzz test reads thousands of log files through the real
 * {@code LogFileInterceptor} without a round trip to moto per file (a handful still go through moto).
 */
final class ObjectsInMemory implements S3Client {

    private final Map<String, byte[]> objects = new ConcurrentHashMap<>();

    void put(String bucket, String key, byte[] bytes) {
        objects.put(bucket + "/" + key, bytes);
    }

    void remove(String bucket, String key) {
        objects.remove(bucket + "/" + key);
    }

    @Override
    public <ReturnT> ReturnT getObject(GetObjectRequest request, ResponseTransformer<GetObjectResponse, ReturnT> transformer) {
        byte[] bytes = objects.get(request.bucket() + "/" + request.key());
        if (bytes == null) {
            throw NoSuchKeyException.builder().message("no object " + request.key()).statusCode(404).build();
        }
        try {
            return transformer.transform(GetObjectResponse.builder().contentLength((long) bytes.length).build(),
                    AbortableInputStream.create(new ByteArrayInputStream(bytes)));
        } catch (Exception e) {
            throw SdkClientException.create("could not transform " + request.key(), e);
        }
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public void close() {
    }
}
