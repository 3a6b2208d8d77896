package io.trailguard.handler;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.trailguard.event.EventReader;
import io.trailguard.event.InvalidEventException;
import io.trailguard.event.ParsedEvent;
import io.trailguard.event.SqsMessage;

/**
 * Decides each message of an SQS batch on its own. A message fails, and only it is retried, when its body is
 * not an event trailguard can decide on or when a remediation failed; the rest of the batch is done.
 */
@ApplicationScoped
public class SqsBatchInterceptor {

    private static final Logger LOG = Logger.getLogger(SqsBatchInterceptor.class);

    private final EventReader reader;
    private final Interceptor interceptor;

    public SqsBatchInterceptor(EventReader reader, Interceptor interceptor) {
        this.reader = reader;
        this.interceptor = interceptor;
    }

    public SqsBatchResponse intercept(List<SqsMessage> messages, String handler) {
        List<SqsBatchResponse.ItemFailure> failures = new ArrayList<>();
        for (SqsMessage message : messages) {
            if (!decided(message, handler)) {
                failures.add(new SqsBatchResponse.ItemFailure(message.messageId()));
            }
        }
        return new SqsBatchResponse(failures);
    }

    private boolean decided(SqsMessage message, String handler) {
        String id = "SQS message " + message.messageId();
        if (message.body() == null) {
            interceptor.reject(handler, id + ": no body");
            return false;
        }
        ParsedEvent parsed;
        try {
            parsed = reader.read(message.body().getBytes(StandardCharsets.UTF_8));
        } catch (InvalidEventException e) {
            // failed, so it reaches the dead-letter queue after its redrives instead of vanishing
            interceptor.reject(handler, id + ": " + e.getMessage());
            return false;
        }
        try {
            interceptor.intercept(parsed, handler);
            return true;
        } catch (RemediationFailedException e) {
            LOG.warnf("%s will be retried: %s", id, e.getMessage());
            return false;
        } catch (RuntimeException e) {
            LOG.errorf(e, "%s could not be decided", id);
            return false;
        }
    }
}
