package io.trailguard.handler;

import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Lambda's partial batch response for SQS (ReportBatchItemFailures): only the messages whose remediation
 * failed return to the queue and are retried; the rest of the batch is done.
 */
@RegisterForReflection
public record BatchItemFailures(List<Item> batchItemFailures) {

    @RegisterForReflection
    public record Item(String itemIdentifier) {
    }
}
