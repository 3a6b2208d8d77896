package io.trailguard.handler;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.trailguard.event.EventReader;
import io.trailguard.event.InputShape;
import io.trailguard.event.InvalidEventException;
import io.trailguard.event.ParsedEvent;
import io.trailguard.event.S3ObjectCreated;
import io.trailguard.event.SqsMessage;
import io.trailguard.policy.Deadline;

/**
 * Decides each message of an SQS batch on its own. A message fails, and only it is retried, when its body is
 * not an event trailguard can decide on or when a remediation failed; the rest of the batch is done. A body
 * may also be an S3 notification of new log files (trail bucket → SQS → Lambda), read like one sent directly.
 */
@ApplicationScoped
public class SqsBatchInterceptor {

    private static final Logger LOG = Logger.getLogger(SqsBatchInterceptor.class);

    private static final String S3_TEST_EVENT = "s3:TestEvent";

    private final EventReader reader;
    private final Interceptor interceptor;
    private final LogFileInterceptor logFiles;

    public SqsBatchInterceptor(EventReader reader, Interceptor interceptor, LogFileInterceptor logFiles) {
        this.reader = reader;
        this.interceptor = interceptor;
        this.logFiles = logFiles;
    }

    public SqsBatchResponse intercept(List<SqsMessage> messages, String handler, Deadline deadline) {
        List<SqsBatchResponse.ItemFailure> failures = new ArrayList<>();
        for (SqsMessage message : messages) {
            if (!decided(message, handler, deadline)) {
                failures.add(new SqsBatchResponse.ItemFailure(message.messageId()));
            }
        }
        return new SqsBatchResponse(failures);
    }

    private boolean decided(SqsMessage message, String handler, Deadline deadline) {
        String id = "SQS message " + message.messageId();
        if (message.body() == null) {
            interceptor.reject(handler, id + ": no body");
            return false;
        }
        byte[] body = message.body().getBytes(StandardCharsets.UTF_8);
        JsonNode tree = reader.treeOrNull(body);
        if (tree != null && S3_TEST_EVENT.equals(tree.path("Event").asText())) {
            // S3 sends it once when the bucket's notification to the queue is set up: nothing to read
            return true;
        }
        if (InputShape.of(tree) == InputShape.S3_NOTIFICATION) {
            return logFilesDecided(tree, id, handler, deadline);
        }
        ParsedEvent parsed;
        try {
            // the body was parsed once already
            parsed = reader.read(body, tree);
        } catch (InvalidEventException e) {
            // failed, so it reaches the dead-letter queue after its redrives instead of vanishing
            interceptor.reject(handler, id + ": " + e.getMessage());
            return false;
        }
        try {
            interceptor.intercept(parsed, handler, deadline);
            return true;
        } catch (RemediationFailedException e) {
            LOG.warnf("%s will be retried: %s", id, e.getMessage());
            return false;
        } catch (RuntimeException e) {
            LOG.errorf(e, "%s could not be decided", id);
            return false;
        }
    }

    private boolean logFilesDecided(JsonNode notification, String id, String handler, Deadline deadline) {
        try {
            logFiles.intercept(S3ObjectCreated.of(notification), handler, deadline);
            return true;
        } catch (RemediationFailedException e) {
            LOG.warnf("%s will be retried: %s", id, e.getMessage());
            return false;
        } catch (RuntimeException e) {
            LOG.errorf(e, "%s: the log files it names could not be read", id);
            return false;
        }
    }
}
