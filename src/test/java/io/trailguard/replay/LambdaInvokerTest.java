package io.trailguard.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;

import io.trailguard.SampleEvents;
import io.trailguard.remediation.RecordingServer;
import io.trailguard.remediation.SignedJsonCall;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;

/**
 * moto runs no Lambda (the redrive tests send through the function in process: InProcessInvoker), so redrive's Invoke,
 * a signed call, is held to the SDK's own client: both talk to one recording server, and the invoker's request must be
 * the one the SDK's client sends (method, raw path, invocation type header, content type, the event's bytes as they
 * are). The server answers as Lambda does: the function's payload, its error named in X-Amz-Function-Error.
 */
class LambdaInvokerTest {

    static final String FUNCTION = "arn:aws:lambda:us-east-1:123456789012:function:trailguard-all";
    static final String EVENT = SampleEvents.read("cloudtrail-tampering", "stop-logging-by-name");

    record Request(String method, String path, String query, String invocationType, String contentType, String body) {
    }

    final List<Request> requests = new ArrayList<>();
    RecordingServer server;
    int status;
    String functionError;
    String payload;
    SignedJsonCall call;
    LambdaClient sdk;
    LambdaInvoker invoker;

    @BeforeEach
    void start() throws IOException {
        server = RecordingServer.start(this::answer);
        URI endpoint = server.endpoint();
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
        call = SignedJsonCall.of("lambda", server.clientConfig("us-east-1"), credentials, Duration.ofSeconds(5));
        invoker = new LambdaInvoker(call, new ObjectMapper());
        sdk = LambdaClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1).credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        status = 200;
    }

    @AfterEach
    void stop() {
        call.close();
        sdk.close();
        server.close();
    }

    @Test
    void theEventIsSentAsTheSdkSendsItAndAnyAnswerWithoutFunctionErrorSucceeds() {
        payload = "\"not a JSON object, and not read\"";
        assertNull(invoker.invoke(FUNCTION, EVENT).error());
        payload = "null";
        assertNull(invoker.invoke("trailguard-all", EVENT).error(), "a function named by name");
        List<Request> ours = List.copyOf(requests);
        requests.clear();

        sdk.invoke(b -> b.functionName(FUNCTION).invocationType(InvocationType.REQUEST_RESPONSE).payload(SdkBytes.fromUtf8String(EVENT)));
        sdk.invoke(b -> b.functionName("trailguard-all").invocationType(InvocationType.REQUEST_RESPONSE).payload(SdkBytes.fromUtf8String(EVENT)));
        assertEquals(requests, ours);
        assertTrue(ours.get(0).path().contains("arn%3Aaws%3Alambda"), ours.get(0).path());
    }

    @Test
    void aFunctionErrorIsItsKindAndMessage() {
        functionError = "Unhandled";
        payload = "{\"errorMessage\":\"remediation failed: AccessDenied\",\"errorType\":\"RemediationFailedException\"}";
        assertEquals("Unhandled: remediation failed: AccessDenied", invoker.invoke(FUNCTION, EVENT).error());

        payload = "<html>";
        assertEquals("Unhandled: (unreadable answer)", invoker.invoke(FUNCTION, EVENT).error());
    }

    @Test
    void aMissingFunctionIsThrownWithLambdasErrorCode() {
        status = 404;
        payload = "{\"Type\":\"User\",\"Message\":\"Function not found: " + FUNCTION + "\"}";
        AwsServiceException missing = assertThrows(AwsServiceException.class, () -> invoker.invoke(FUNCTION, EVENT));
        assertEquals("ResourceNotFoundException", missing.awsErrorDetails().errorCode());
        assertEquals(404, missing.statusCode());
    }

    private void answer(HttpExchange exchange) throws IOException {
        byte[] in = exchange.getRequestBody().readAllBytes();
        requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), exchange.getRequestURI().getRawQuery(),
                exchange.getRequestHeaders().getFirst("X-Amz-Invocation-Type"), exchange.getRequestHeaders().getFirst("Content-Type"),
                new String(in, StandardCharsets.UTF_8)));
        byte[] out = payload.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        if (status == 404) {
            exchange.getResponseHeaders().add("x-amzn-ErrorType", "ResourceNotFoundException");
        } else if (functionError != null) {
            exchange.getResponseHeaders().add("X-Amz-Function-Error", functionError);
        }
        exchange.sendResponseHeaders(status, out.length);
        exchange.getResponseBody().write(out);
        exchange.close();
    }
}
