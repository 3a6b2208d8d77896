package io.trailguard.handler;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;

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
        InterceptionResult result = interceptor.intercept(input.readAllBytes(), policies());
        mapper.writeValue(output, result);
    }
}
