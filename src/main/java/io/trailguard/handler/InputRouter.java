package io.trailguard.handler;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import io.trailguard.policy.Deadline;
import io.trailguard.event.BatchOperationsInvocation;
import io.trailguard.event.EventReader;
import io.trailguard.event.InputShape;
import io.trailguard.event.S3ObjectCreated;
import io.trailguard.event.SqsMessage;

/**
 * Sends an invocation to the interceptor that fits its shape: an EventBridge event (rule → Lambda), an SQS
 * batch of them (rule → SQS → Lambda, answered with the partial-batch response), an S3 notification of
 * new CloudTrail log files (trail bucket → Lambda), or an S3 Batch Operations job's log files to replay.
 */
@ApplicationScoped
public class InputRouter {

    private final EventReader reader;
    private final Interceptor interceptor;
    private final SqsBatchInterceptor sqs;
    private final LogFileInterceptor logFiles;
    private final BatchReplayInterceptor batchReplay;

    public InputRouter(EventReader reader, Interceptor interceptor, SqsBatchInterceptor sqs, LogFileInterceptor logFiles,
            BatchReplayInterceptor batchReplay) {
        this.reader = reader;
        this.interceptor = interceptor;
        this.sqs = sqs;
        this.logFiles = logFiles;
        this.batchReplay = batchReplay;
    }

    public Object intercept(byte[] input, String handler, Deadline deadline) {
        JsonNode tree = reader.treeOrNull(input);
        return switch (InputShape.of(tree)) {
            case SQS_BATCH -> sqs.intercept(SqsMessage.of(tree), handler, deadline);
            case S3_NOTIFICATION -> logFiles.intercept(S3ObjectCreated.of(tree), handler, deadline);
            case S3_BATCH_OPERATIONS -> batchReplay.intercept(BatchOperationsInvocation.of(tree), handler, deadline);
            // read again from the bytes: the event size cap and the rejection reasons of malformed input apply
            case EVENTBRIDGE_EVENT -> interceptor.intercept(input, handler, deadline);
        };
    }
}
