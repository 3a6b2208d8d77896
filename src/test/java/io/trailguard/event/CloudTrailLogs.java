package io.trailguard.event;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.trailguard.SampleEvents;

/** Builds CloudTrail log files for tests: the records are the {@code detail} of the sample events, as CloudTrail writes them. */
public final class CloudTrailLogs {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private CloudTrailLogs() {
    }

    /** The CloudTrail record inside a sample EventBridge event. */
    public static ObjectNode record(String policy, String sample) {
        try {
            return (ObjectNode) MAPPER.readTree(SampleEvents.read(policy, sample)).get("detail");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code count} read-only calls nobody cares about (GetBucketAcl on various buckets), each with its own eventID. */
    public static List<JsonNode> benignReads(int count) {
        List<JsonNode> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ObjectNode read = record("s3-public-bucket", "get-bucket-acl-read-only");
            read.put("eventID", "benign-" + i);
            ((ObjectNode) read.get("requestParameters")).put("bucketName", "app-data-" + i);
            records.add(read);
        }
        return records;
    }

    /** {"Records":[…]} gzip-compressed, as CloudTrail delivers it to S3. */
    public static byte[] gzip(List<JsonNode> records) {
        ObjectNode file = MAPPER.createObjectNode();
        ArrayNode array = file.putArray("Records");
        records.forEach(array::add);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            MAPPER.writeValue(gzip, file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
