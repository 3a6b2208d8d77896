package io.trailguard.replay;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.trailguard.remediation.AccountCredentials;
import io.trailguard.remediation.AwsClientConfig;
import io.trailguard.remediation.SignedJsonCall;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/**
 * Invokes the deployed function synchronously (RequestResponse) with the event, as EventBridge would have: its
 * answer says whether the remediation went through. Every function takes an EventBridge event directly, also
 * the SQS-buffered ones (see handler/InputRouter), so the same call redrives both. Lambda's Invoke as a signed call
 * ({@link SignedJsonCall}), without the SDK's client.
 */
@ApplicationScoped
public class LambdaInvoker implements FunctionInvoker {

    // up to Lambda's own limit: a remediation with retries may take minutes, longer than the clients' call timeout
    private static final Duration LONGEST_INVOCATION = Duration.ofMinutes(15);

    private final SignedJsonCall lambda;
    private final ObjectMapper mapper;

    @Inject
    public LambdaInvoker(AwsClientConfig config, AccountCredentials credentials, ObjectMapper mapper) {
        this(SignedJsonCall.of("lambda", config, credentials, LONGEST_INVOCATION), mapper);
    }

    LambdaInvoker(SignedJsonCall lambda, ObjectMapper mapper) {
        this.lambda = lambda;
        this.mapper = mapper;
    }

    @Override
    public Invocation invoke(String function, String event) {
        SignedJsonCall.Answer answer = lambda.exchange(SdkHttpMethod.POST, "Invoke",
                "/2015-03-31/functions/" + SdkHttpUtils.urlEncode(function) + "/invocations", Map.of("X-Amz-Invocation-Type", "RequestResponse"),
                event.getBytes(StandardCharsets.UTF_8), mapper.createObjectNode().put("FunctionName", function));
        // the function's answer is its own: only an error's is read
        Optional<String> functionError = answer.response().firstMatchingHeader("X-Amz-Function-Error");
        if (functionError.isEmpty()) {
            return Invocation.succeeded();
        }
        return new Invocation(functionError.get() + ": " + errorMessage(answer.body()));
    }

    private String errorMessage(byte[] payload) {
        try {
            JsonNode error = mapper.readTree(payload);
            return error.path("errorMessage").asText("(no message)");
        } catch (java.io.IOException e) {
            return "(unreadable answer)";
        }
    }

    @PreDestroy
    void close() {
        lambda.close();
    }
}
