package io.trailguard.event;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An S3 Batch Operations "Invoke AWS Lambda function" call: one task per object of the job's manifest. Schema 1.0
 * names the bucket by ARN ({@code s3BucketArn}), 2.0 by name ({@code s3Bucket}) and adds the job's
 * {@code userArguments}. A task whose bucket or key is missing keeps a null object, and {@code problem} says why.
 */
public record BatchOperationsInvocation(String schemaVersion, String invocationId, String jobId, Map<String, String> userArguments,
        List<Task> tasks) {

    public static final List<String> SCHEMA_VERSIONS = List.of("1.0", "2.0");

    /** One object to process; {@code object} is null when the task does not name one ({@code problem} says why). */
    public record Task(String taskId, S3ObjectCreated object, String versionId, String problem) {
    }

    /** An invocation carries its schema version and its tasks: nothing else Lambda receives has both. */
    static boolean isOne(JsonNode input) {
        return input.hasNonNull("invocationSchemaVersion") && input.path("tasks").isArray();
    }

    public static BatchOperationsInvocation of(JsonNode input) {
        String version = input.path("invocationSchemaVersion").asText("");
        Map<String, String> arguments = new LinkedHashMap<>();
        input.path("job").path("userArguments").fields().forEachRemaining(e -> arguments.put(e.getKey(), e.getValue().asText()));
        List<Task> tasks = new ArrayList<>();
        for (JsonNode task : input.path("tasks")) {
            tasks.add(task(version, task));
        }
        return new BatchOperationsInvocation(version, input.path("invocationId").asText(null), input.path("job").path("id").asText(null),
                arguments, tasks);
    }

    public boolean supported() {
        return SCHEMA_VERSIONS.contains(schemaVersion);
    }

    private static Task task(String version, JsonNode task) {
        String id = task.path("taskId").asText(null);
        String bucket = "1.0".equals(version) ? bucketOfArn(task.path("s3BucketArn").asText(null)) : task.path("s3Bucket").asText(null);
        String key = task.path("s3Key").asText(null);
        String versionId = task.path("s3VersionId").isTextual() ? task.path("s3VersionId").asText() : null;
        if (bucket == null || bucket.isBlank() || key == null || key.isBlank()) {
            return new Task(id, null, versionId, "the task names no " + ("1.0".equals(version) ? "s3BucketArn" : "s3Bucket") + " and s3Key");
        }
        try {
            // keys reach the function URL-encoded, as in the manifest ('+' for a space): AWS's own examples decode them
            return new Task(id, new S3ObjectCreated(bucket, URLDecoder.decode(key, StandardCharsets.UTF_8)), versionId, null);
        } catch (IllegalArgumentException e) {
            return new Task(id, null, versionId, "s3Key is not URL-encoded: " + e.getMessage());
        }
    }

    /** {@code arn:aws:s3:::bucket}; the documented example also shows a region and account before the name. */
    private static String bucketOfArn(String arn) {
        if (arn == null || !arn.startsWith("arn:")) {
            return null;
        }
        return arn.substring(arn.lastIndexOf(':') + 1);
    }
}
