package io.trailguard.handler;

import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The answer S3 Batch Operations expects from a Lambda function: one result per task it sent, in the request's
 * schema version. {@code TemporaryFailure} makes Batch Operations retry the task; {@code PermanentFailure} does not.
 */
@RegisterForReflection
public record BatchOperationsResult(String invocationSchemaVersion, String treatMissingKeysAs, String invocationId, List<TaskResult> results) {

    public static final String SUCCEEDED = "Succeeded";
    public static final String TEMPORARY_FAILURE = "TemporaryFailure";
    public static final String PERMANENT_FAILURE = "PermanentFailure";

    /** {@code resultString} goes into the job's completion report: what was decided, or why the task failed. */
    @RegisterForReflection
    public record TaskResult(String taskId, String resultCode, String resultString) {

        static TaskResult succeeded(String taskId, String summary) {
            return new TaskResult(taskId, SUCCEEDED, summary);
        }

        static TaskResult retry(String taskId, String reason) {
            return new TaskResult(taskId, TEMPORARY_FAILURE, reason);
        }

        static TaskResult failed(String taskId, String reason) {
            return new TaskResult(taskId, PERMANENT_FAILURE, reason);
        }
    }
}
