package io.trailguard.remediation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.FunctionUrlAuthType;

/**
 * The Lambda executors' signed REST calls held to the SDK's own client where the moto tests (policies/Lambda*Test,
 * AutoTagRemediationTest) do not reach: a function named by ARN (':' encoded in the path) and a qualifier (a query
 * parameter). Both talk to one recording server; each call the executor makes must be the request the SDK's client
 * makes for the same operation (method, raw path and query, content type, JSON body). The server answers as Lambda
 * does, a missing policy or URL as 404 ResourceNotFoundException in the x-amzn-ErrorType header.
 */
class LambdaCallsTest {

    static final String FUNCTION = "arn:aws:lambda:us-east-1:123456789012:function:orders-api";
    static final String QUALIFIER = "live";
    static final String POLICY = """
            {"Version":"2012-10-17","Statement":[{"Sid":"backdoor","Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction"}]}""";

    record Request(String method, String path, String query, String contentType, JsonNode body) {
    }

    final ObjectMapper mapper = new ObjectMapper();
    final List<Request> requests = new ArrayList<>();
    RecordingServer server;
    String answer;
    SignedJsonCall call;
    LambdaClient sdk;

    @BeforeEach
    void start() throws IOException {
        server = RecordingServer.start(this::answer);
        URI endpoint = server.endpoint();
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
        call = new SignedJsonCall("lambda", "us-east-1", endpoint, credentials, Duration.ofSeconds(5));
        sdk = LambdaClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1).credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    @AfterEach
    void stop() {
        call.close();
        sdk.close();
        server.close();
    }

    @Test
    void aQualifiedPermissionIsReadAndRemovedAsTheSdkWould() {
        answer = mapper.createObjectNode().put("Policy", POLICY).put("RevisionId", "r1").toString();
        RemoveLambdaPermission executor = new RemoveLambdaPermission(call, mapper);
        assertTrue(executor.needed(RemoveLambdaPermission.spec(FUNCTION, "backdoor", QUALIFIER)));
        executor.apply(RemoveLambdaPermission.spec(FUNCTION, "backdoor", QUALIFIER));
        List<Request> ours = taken();

        sdk.getPolicy(b -> b.functionName(FUNCTION).qualifier(QUALIFIER));
        sdk.removePermission(b -> b.functionName(FUNCTION).statementId("backdoor").qualifier(QUALIFIER));
        assertEquals(taken(), ours);
        assertEquals("Qualifier=live", ours.get(1).query(), ours.toString());
    }

    @Test
    void aQualifiedFunctionUrlIsReadAndPutBehindIamAsTheSdkWould() {
        answer = "{\"AuthType\":\"NONE\",\"FunctionUrl\":\"https://abc.lambda-url.us-east-1.on.aws/\"}";
        SetFunctionUrlAuth executor = new SetFunctionUrlAuth(call);
        assertTrue(executor.needed(SetFunctionUrlAuth.spec(FUNCTION, QUALIFIER)));
        executor.apply(SetFunctionUrlAuth.spec(FUNCTION, QUALIFIER));
        List<Request> ours = taken();

        sdk.getFunctionUrlConfig(b -> b.functionName(FUNCTION).qualifier(QUALIFIER));
        sdk.updateFunctionUrlConfig(b -> b.functionName(FUNCTION).qualifier(QUALIFIER).authType(FunctionUrlAuthType.AWS_IAM));
        assertEquals(taken(), ours);
    }

    @Test
    void tagsAreReadAndAddedAsTheSdkWould() {
        answer = "{\"Tags\":{\"team\":\"payments\"}}";
        TagLambdaFunction executor = new TagLambdaFunction(call);
        assertFalse(executor.needed(TagLambdaFunction.spec(FUNCTION, Map.of("team", "payments"))));
        assertTrue(executor.needed(TagLambdaFunction.spec(FUNCTION, Map.of("team", "payments", "owner", "alice"))));
        executor.apply(TagLambdaFunction.spec(FUNCTION, Map.of("owner", "alice")));
        List<Request> ours = taken().subList(1, 3);

        sdk.listTags(b -> b.resource(FUNCTION));
        sdk.tagResource(b -> b.resource(FUNCTION).tags(Map.of("owner", "alice")));
        assertEquals(taken(), ours);
    }

    @Test
    void noPolicyAndNoUrlNeedNothingAndOtherErrorsAreThrown() {
        answer = null;
        assertFalse(new RemoveLambdaPermission(call, mapper).needed(RemoveLambdaPermission.spec(FUNCTION, "backdoor", null)));
        assertFalse(new SetFunctionUrlAuth(call).needed(SetFunctionUrlAuth.spec(FUNCTION, null)));

        answer = "throttled";
        AwsServiceException throttled = assertThrows(AwsServiceException.class,
                () -> new SetFunctionUrlAuth(call).needed(SetFunctionUrlAuth.spec(FUNCTION, null)));
        assertEquals("TooManyRequestsException", throttled.awsErrorDetails().errorCode());
        assertEquals(429, throttled.statusCode());
    }

    private List<Request> taken() {
        List<Request> taken = List.copyOf(requests);
        requests.clear();
        return taken;
    }

    private void answer(HttpExchange exchange) throws IOException {
        byte[] in = exchange.getRequestBody().readAllBytes();
        requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), exchange.getRequestURI().getRawQuery(),
                in.length == 0 ? null : exchange.getRequestHeaders().getFirst("Content-Type"), in.length == 0 ? null : mapper.readTree(in)));
        if (answer == null) {
            // as Lambda answers: the code in a header, the message in the body
            send(exchange, 404, "ResourceNotFoundException", "{\"Type\":\"User\",\"Message\":\"The resource you requested does not exist.\"}");
        } else if (answer.equals("throttled")) {
            send(exchange, 429, "TooManyRequestsException", "{\"Type\":\"User\",\"message\":\"Rate exceeded\",\"Reason\":\"CallerRateLimitExceeded\"}");
        } else if (exchange.getRequestMethod().equals("DELETE")) {
            exchange.sendResponseHeaders(204, -1);
        } else {
            send(exchange, 200, null, answer);
        }
        exchange.close();
    }

    private static void send(HttpExchange exchange, int status, String errorType, String json) throws IOException {
        byte[] out = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        if (errorType != null) {
            exchange.getResponseHeaders().add("x-amzn-ErrorType", errorType);
        }
        exchange.sendResponseHeaders(status, out.length);
        exchange.getResponseBody().write(out);
    }
}
