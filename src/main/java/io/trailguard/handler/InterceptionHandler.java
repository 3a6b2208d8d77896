package io.trailguard.handler;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.trailguard.event.SqsBatch;

/**
 * The Lambda entry point shared by every handler bean: raw bytes in (so malformed JSON is ours to reject,
 * not the runtime's), the {@link InterceptionResult} out. Subclasses only name the policies' handler.
 */
abstract class InterceptionHandler implements RequestStreamHandler {

    private final Interceptor interceptor;
    private final ObjectMapper mapper;

    InterceptionHandler(Interceptor interceptor, ObjectMapper mapper) {
        this.interceptor = interceptor;
        this.mapper = mapper;
    }

    /** The {@code handler()} of the policies this function runs, or {@code all}. */
    abstract String policies();

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        byte[] bytes = input.readAllBytes();
        Optional<List<SqsBatch.Message>> batch = SqsBatch.read(mapper, bytes);
        if (batch.isPresent()) {
            mapper.writeValue(output, interceptBatch(batch.get()));
            return;
        }
        InterceptionResult result = interceptor.intercept(bytes, policies());
        mapper.writeValue(output, result);
    }

    /** Each queued event on its own; a failed remediation fails only its message (rejections are not retried). */
    private BatchItemFailures interceptBatch(List<SqsBatch.Message> messages) {
        List<BatchItemFailures.Item> failures = new ArrayList<>();
        for (SqsBatch.Message message : messages) {
            try {
                interceptor.intercept(message.body(), policies());
            } catch (RuntimeException e) {
                failures.add(new BatchItemFailures.Item(message.messageId()));
            }
        }
        return new BatchItemFailures(failures);
    }
}
