package io.trailguard.handler;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.trailguard.policy.Deadline;

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
        // retries stop before Lambda's timeout, so a failure is reported (and retried by Lambda) rather than killed
        Deadline deadline = Deadline.fromRemaining(context != null ? context.getRemainingTimeInMillis() : 0);
        InterceptionResult result = interceptor.intercept(input.readAllBytes(), policies(), deadline);
        mapper.writeValue(output, result);
    }
}
