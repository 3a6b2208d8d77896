package io.trailguard.handler;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import jakarta.inject.Inject;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.jboss.logging.MDC;

import io.trailguard.notify.InvocationMetrics;
import io.trailguard.policy.Deadline;

/**
 * The Lambda entry point shared by every handler bean: raw bytes in (so malformed JSON is ours to reject,
 * not the runtime's), the result out. Any handler takes any input shape (an EventBridge event, an SQS batch
 * of them, an S3 notification of CloudTrail log files: see {@link InputRouter}), so that each still runs only
 * its own policies whichever way its events arrive. Subclasses only name the policies' handler.
 * <p>
 * One class per handler, each a one-liner on {@link io.trailguard.policy.HandlerNames}: quarkus-amazon-lambda finds
 * handlers by scanning the class index for non-abstract RequestStreamHandler classes and reads {@code @Named} off
 * the class (AmazonLambdaProcessor), so a producer method could not declare them.
 */
abstract class InterceptionHandler implements RequestStreamHandler {

    /** The logging context key naming the handler an invocation runs, while it runs. */
    static final String HANDLER_CONTEXT = "handler";

    private final ObjectMapper mapper;
    @Inject
    InputRouter router;
    @Inject
    InvocationMetrics metrics;

    // the router is a field, so that the subclasses' constructors stay as they were (the interceptor is behind it)
    InterceptionHandler(Interceptor interceptor, ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The {@code handler()} of the policies this function runs, or {@code all}. */
    abstract String policies();

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        // retries stop before Lambda's timeout, so a failure is reported (and retried by Lambda) rather than killed
        Deadline deadline = Deadline.fromRemaining(context != null ? context.getRemainingTimeInMillis() : 0);
        // its log lines and AWS calls name the function (the least-privilege check attributes calls to roles by it)
        MDC.put(HANDLER_CONTEXT, policies());
        metrics.begin(policies());
        try {
            InterceptionResultSerializer.write(mapper, output, router.intercept(input.readAllBytes(), policies(), deadline));
        } finally {
            // a failed remediation throws (so Lambda retries): its metrics are what the alarms watch
            metrics.end();
            MDC.remove(HANDLER_CONTEXT);
        }
    }
}
