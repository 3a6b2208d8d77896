package io.trailguard.handler;

import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Lambda's partial-batch response for SQS (the event source mapping has {@code ReportBatchItemFailures}):
 * only the listed messages return to the queue, to be retried and, after maxReceiveCount, moved to the DLQ.
 */
@RegisterForReflection
public record SqsBatchResponse(List<ItemFailure> batchItemFailures) {

    @RegisterForReflection
    public record ItemFailure(String itemIdentifier) {
    }
}
