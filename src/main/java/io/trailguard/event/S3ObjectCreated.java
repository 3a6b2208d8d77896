package io.trailguard.event;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/** An object named by an S3 event notification record ({@code ObjectCreated:*}): a log file CloudTrail just delivered. */
public record S3ObjectCreated(String bucket, String key) {

    static final String EVENT_SOURCE = "aws:s3";

    /** The created objects of a notification; other events (removals, tests) are left out. */
    public static List<S3ObjectCreated> of(JsonNode notification) {
        List<S3ObjectCreated> objects = new ArrayList<>();
        for (JsonNode record : notification.path("Records")) {
            String bucket = record.path("s3").path("bucket").path("name").asText(null);
            String key = record.path("s3").path("object").path("key").asText(null);
            if (record.path("eventName").asText("").startsWith("ObjectCreated:") && bucket != null && key != null) {
                // notifications carry the key URL-encoded ('+' for a space)
                objects.add(new S3ObjectCreated(bucket, URLDecoder.decode(key, StandardCharsets.UTF_8)));
            }
        }
        return objects;
    }

    /** CloudTrail also delivers digest files (integrity validation) to the bucket: they hold no events. */
    public boolean isDigest() {
        return key.contains("/CloudTrail-Digest/");
    }

    @Override
    public String toString() {
        return "s3://" + bucket + "/" + key;
    }
}
