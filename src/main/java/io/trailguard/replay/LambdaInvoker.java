package io.trailguard.replay;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

/**
 * Invokes the deployed function synchronously (RequestResponse) with the event, as EventBridge would have: its
 * answer says whether the remediation went through. Every function takes an EventBridge event directly, also
 * the SQS-buffered ones (see handler/InputRouter), so the same call redrives both.
 */
@ApplicationScoped
public class LambdaInvoker implements FunctionInvoker {

    // up to Lambda's own limit: a remediation with retries may take minutes, longer than the clients' call timeout
    private static final Duration LONGEST_INVOCATION = Duration.ofMinutes(15);

    private final LambdaClient lambda;
    private final ObjectMapper mapper;

    public LambdaInvoker(LambdaClient lambda, ObjectMapper mapper) {
        this.lambda = lambda;
        this.mapper = mapper;
    }

    @Override
    public Invocation invoke(String function, String event) {
        InvokeResponse response = lambda.invoke(r -> r.functionName(function).invocationType(InvocationType.REQUEST_RESPONSE)
                .payload(SdkBytes.fromUtf8String(event)).overrideConfiguration(c -> c.apiCallTimeout(LONGEST_INVOCATION)));
        if (response.functionError() == null) {
            return Invocation.succeeded();
        }
        return new Invocation(response.functionError() + ": " + errorMessage(response.payload()));
    }

    private String errorMessage(SdkBytes payload) {
        try {
            JsonNode error = mapper.readTree(payload.asByteArray());
            return error.path("errorMessage").asText("(no message)");
        } catch (java.io.IOException e) {
            return "(unreadable answer)";
        }
    }
}
