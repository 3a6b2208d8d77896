package io.trailguard.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.trailguard.event.BatchOperationsInvocation;
import io.trailguard.event.InputShape;
import io.trailguard.event.S3ObjectCreated;

/**
 * The S3 Batch Operations contract as AWS documents it ("Invoke AWS Lambda function", and the Lambda developer
 * guide's "Amazon S3 batch request event"): both invocation schemas are told apart from every other input and read
 * into the same tasks, and the answer has the documented field names, order and result codes.
 */
class BatchOperationsContractTest {

    private final ObjectMapper mapper = new ObjectMapper();

    /** The Lambda developer guide's example request (schema 1.0: the bucket by ARN). */
    static final String V1 = """
            {
              "invocationSchemaVersion": "1.0",
              "invocationId": "YXNkbGZqYWRmaiBhc2RmdW9hZHNmZGpmaGFzbGtkaGZza2RmaAo",
              "job": {
                "id": "f3cc4f60-61f6-4a2b-8a21-d07600c373ce"
              },
              "tasks": [
                {
                  "taskId": "dGFza2lkZ29lc2hlcmUK",
                  "s3Key": "AWSLogs/123456789012/CloudTrail/us-east-1/2026/11/20/123456789012_CloudTrail_us-east-1_20261120T1015Z_a1.json.gz",
                  "s3VersionId": "1",
                  "s3BucketArn": "arn:aws:s3:::amzn-s3-demo-bucket"
                }
              ]
            }""";

    /** Schema 2.0 as the S3 user guide shows it: the bucket by name, userArguments, a null version id. */
    static final String V2 = """
            {
              "invocationSchemaVersion": "2.0",
              "invocationId": "Zm9vYmFyYmF6",
              "job": {
                "id": "ac1a4a5e-7c1b-4a6c-9a71-0e7e2fa0c0de",
                "userArguments": {
                  "purpose": "trailguard replay"
                }
              },
              "tasks": [
                {
                  "taskId": "dGFzay0x",
                  "s3Bucket": "org-trail",
                  "s3Key": "AWSLogs/o-exampleorg1/210987654321/CloudTrail/eu-west-1/2026/11/21/file+with+spaces.json.gz",
                  "s3VersionId": null
                }
              ]
            }""";

    @Test
    void schemaOneNamesTheBucketByArn() throws Exception {
        JsonNode input = mapper.readTree(V1);
        assertEquals(InputShape.S3_BATCH_OPERATIONS, InputShape.of(input));
        BatchOperationsInvocation invocation = BatchOperationsInvocation.of(input);
        assertTrue(invocation.supported());
        assertEquals("YXNkbGZqYWRmaiBhc2RmdW9hZHNmZGpmaGFzbGtkaGZza2RmaAo", invocation.invocationId());
        assertEquals("f3cc4f60-61f6-4a2b-8a21-d07600c373ce", invocation.jobId());
        BatchOperationsInvocation.Task task = invocation.tasks().get(0);
        assertEquals("dGFza2lkZ29lc2hlcmUK", task.taskId());
        assertEquals(new S3ObjectCreated("amzn-s3-demo-bucket",
                "AWSLogs/123456789012/CloudTrail/us-east-1/2026/11/20/123456789012_CloudTrail_us-east-1_20261120T1015Z_a1.json.gz"), task.object());
        assertEquals("1", task.versionId());
        // the developer guide's example ARN carries a region and an account before the bucket name
        JsonNode regional = mapper.readTree(V1.replace("arn:aws:s3:::amzn-s3-demo-bucket", "arn:aws:s3:us-east-1:0123456788:examplebucket"));
        assertEquals("examplebucket", BatchOperationsInvocation.of(regional).tasks().get(0).object().bucket());
    }

    @Test
    void schemaTwoNamesTheBucketAndCarriesUserArguments() throws Exception {
        JsonNode input = mapper.readTree(V2);
        assertEquals(InputShape.S3_BATCH_OPERATIONS, InputShape.of(input));
        BatchOperationsInvocation invocation = BatchOperationsInvocation.of(input);
        assertEquals(Map.of("purpose", "trailguard replay"), invocation.userArguments());
        BatchOperationsInvocation.Task task = invocation.tasks().get(0);
        assertEquals(new S3ObjectCreated("org-trail", "AWSLogs/o-exampleorg1/210987654321/CloudTrail/eu-west-1/2026/11/21/file with spaces.json.gz"),
                task.object());
        assertNull(task.versionId(), "JSON null is no version");
    }

    @Test
    void aTaskWithoutItsObjectOrAnUnknownSchemaIsSaidSo() throws Exception {
        BatchOperationsInvocation.Task noBucket = BatchOperationsInvocation.of(mapper.readTree(V2.replace("\"s3Bucket\": \"org-trail\",", "")))
                .tasks().get(0);
        assertNull(noBucket.object());
        assertEquals("the task names no s3Bucket and s3Key", noBucket.problem());
        // a 2.0 task read as 1.0 has no ARN: the mismatch AWS warns of is a clear problem, not a wrong bucket
        BatchOperationsInvocation.Task mismatched = BatchOperationsInvocation.of(mapper.readTree(V2.replace("\"2.0\"", "\"1.0\""))).tasks().get(0);
        assertNull(mismatched.object());
        BatchOperationsInvocation.Task badKey = BatchOperationsInvocation.of(mapper.readTree(V2.replace("file+with+spaces", "bad%zzkey"))).tasks().get(0);
        assertTrue(badKey.problem().startsWith("s3Key is not URL-encoded"), badKey.problem());
        assertFalse(BatchOperationsInvocation.of(mapper.readTree(V2.replace("\"2.0\"", "\"3.0\""))).supported());
    }

    @Test
    void otherInputsAreNotTakenForAJob() throws Exception {
        assertEquals(InputShape.EVENTBRIDGE_EVENT, InputShape.of(mapper.readTree("{\"detail-type\":\"AWS API Call via CloudTrail\",\"tasks\":[]}")));
        assertEquals(InputShape.EVENTBRIDGE_EVENT, InputShape.of(mapper.readTree("{\"invocationSchemaVersion\":\"1.0\",\"tasks\":{}}")));
        assertEquals(InputShape.EVENTBRIDGE_EVENT, InputShape.of(mapper.readTree("[{\"invocationSchemaVersion\":\"1.0\",\"tasks\":[]}]")));
    }

    @Test
    void theAnswerHasTheDocumentedShape() throws Exception {
        BatchOperationsResult result = new BatchOperationsResult("2.0", BatchOperationsResult.PERMANENT_FAILURE, "Zm9vYmFyYmF6", List.of(
                BatchOperationsResult.TaskResult.succeeded("t1", "3 events, 1 decisions, 1 findings, 0 skipped, 0 malformed"),
                BatchOperationsResult.TaskResult.retry("t2", "could not read s3://b/k: SlowDown"),
                BatchOperationsResult.TaskResult.failed("t3", "no such object: s3://b/k")));
        assertEquals("""
                {"invocationSchemaVersion":"2.0","treatMissingKeysAs":"PermanentFailure","invocationId":"Zm9vYmFyYmF6","results":[\
                {"taskId":"t1","resultCode":"Succeeded","resultString":"3 events, 1 decisions, 1 findings, 0 skipped, 0 malformed"},\
                {"taskId":"t2","resultCode":"TemporaryFailure","resultString":"could not read s3://b/k: SlowDown"},\
                {"taskId":"t3","resultCode":"PermanentFailure","resultString":"no such object: s3://b/k"}]}""", mapper.writeValueAsString(result));
    }
}
