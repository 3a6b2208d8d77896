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
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

import org.jboss.logging.MDC;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpExchange;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.endpoints.Endpoint;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3control.S3ControlClient;

/**
 * The account public access block's signed S3 Control calls, held to the requests the SDK's own S3 Control client
 * sends: both talk to one recording server (method, path, account header, content type, the configuration's elements),
 * and read its answers alike, S3 Control's error included.
 */
class AccountPublicAccessBlockCallsTest {

    static final String ACCOUNT = "123456789012";

    record Request(String method, String path, String account, String contentType, Map<String, String> settings) {
    }

    final List<Request> requests = new ArrayList<>();
    RecordingServer server;
    String block;
    AccountPublicAccessBlockCalls calls;
    S3ControlClient sdk;

    @BeforeEach
    void start() throws IOException {
        MDC.clear();
        server = RecordingServer.start(this::answer);
        URI endpoint = server.endpoint();
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
        calls = new AccountPublicAccessBlockCalls("us-east-1", endpoint, credentials, Duration.ofSeconds(5));
        sdk = S3ControlClient.builder().region(Region.US_EAST_1).credentialsProvider(credentials)
                .endpointProvider(params -> CompletableFuture.completedFuture(Endpoint.builder().url(endpoint).build()))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    @AfterEach
    void stop() {
        calls.close();
        sdk.close();
        server.close();
    }

    @Test
    void anAccountWithoutABlockGetsAllFourSettingsWithTheRequestsTheSdkWouldSend() {
        block = null;
        BlockAccountPublicAccess executor = new BlockAccountPublicAccess(calls);
        assertTrue(executor.needed(BlockAccountPublicAccess.spec(ACCOUNT)), "no configuration: needed");
        executor.apply(BlockAccountPublicAccess.spec(ACCOUNT));
        List<Request> ours = List.copyOf(requests);
        requests.clear();

        assertThrows(AwsServiceException.class, () -> sdk.getPublicAccessBlock(b -> b.accountId(ACCOUNT)));
        sdk.putPublicAccessBlock(b -> b.accountId(ACCOUNT).publicAccessBlockConfiguration(c -> c
                .blockPublicAcls(true).ignorePublicAcls(true).blockPublicPolicy(true).restrictPublicBuckets(true)));
        assertEquals(2, ours.size(), ours.toString());
        assertEquals(requests.get(0), ours.get(0), "GetPublicAccessBlock as the SDK sends it");
        assertEquals(requests.get(1), ours.get(1), "PutPublicAccessBlock as the SDK sends it");
        assertEquals(Map.of("BlockPublicAcls", "true", "IgnorePublicAcls", "true", "BlockPublicPolicy", "true", "RestrictPublicBuckets", "true"),
                ours.get(1).settings());
    }

    @Test
    void aBlockIsNeededUnlessAllFourSettingsAreOn() {
        BlockAccountPublicAccess executor = new BlockAccountPublicAccess(calls);
        block = settings("true", "true", "true", "true");
        assertFalse(executor.needed(BlockAccountPublicAccess.spec(ACCOUNT)));
        assertTrue(sdk.getPublicAccessBlock(b -> b.accountId(ACCOUNT)).publicAccessBlockConfiguration().restrictPublicBuckets(),
                "the SDK reads the same answer");
        block = settings("true", "true", "true", "false");
        assertTrue(executor.needed(BlockAccountPublicAccess.spec(ACCOUNT)));
        assertEquals(List.of("GET", "GET", "GET"), requests.stream().map(Request::method).toList());
    }

    @Test
    void anotherErrorIsThrownWithS3ControlsCode() {
        block = "denied";
        AwsServiceException e = assertThrows(AwsServiceException.class, () -> new BlockAccountPublicAccess(calls).needed(BlockAccountPublicAccess.spec(ACCOUNT)));
        assertEquals("AccessDenied", e.awsErrorDetails().errorCode());
        assertEquals(403, e.statusCode());
        assertTrue(e.getMessage().startsWith("AccessDenied: "), e.getMessage());
    }

    @Test
    void inAwsTheAccountIsTheHostsFirstLabelAndNothingElseMakesOne() {
        var aws = new AccountPublicAccessBlockCalls("eu-west-1", null,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")), Duration.ofSeconds(1));
        assertEquals(URI.create("https://123456789012.s3-control.eu-west-1.amazonaws.com/v20180820/configuration/publicAccessBlock"),
                aws.address(ACCOUNT));
        assertEquals("123456789012", aws.sign(SdkHttpMethod.GET, ACCOUNT, null).request().firstMatchingHeader("x-amz-account-id").orElseThrow());
        assertThrows(IllegalArgumentException.class, () -> aws.address("evil.example.com/"));
        assertThrows(IllegalArgumentException.class, () -> aws.address("12345678901"));
        aws.close();
    }

    private static String settings(String acls, String ignore, String policy, String restrict) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><PublicAccessBlockConfiguration xmlns=\"" + AccountPublicAccessBlockCalls.NAMESPACE
                + "\"><BlockPublicAcls>" + acls + "</BlockPublicAcls><IgnorePublicAcls>" + ignore + "</IgnorePublicAcls><BlockPublicPolicy>"
                + policy + "</BlockPublicPolicy><RestrictPublicBuckets>" + restrict + "</RestrictPublicBuckets></PublicAccessBlockConfiguration>";
    }

    private void answer(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> settings = new TreeMap<>();
        S3Xml root = body.isBlank() ? null : S3Xml.parse(body);
        if (root != null) {
            root.children().forEach(c -> settings.put(c.name(), c.text()));
        }
        String contentType = body.isBlank() ? null : exchange.getRequestHeaders().getFirst("Content-Type");
        requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                exchange.getRequestHeaders().getFirst("x-amz-account-id"), contentType, settings));
        if (exchange.getRequestMethod().equals("PUT")) {
            exchange.sendResponseHeaders(200, -1);
        } else if ("denied".equals(block)) {
            RecordingServer.send(exchange, 403, "application/xml",
                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ErrorResponse><Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>"
                            + "<RequestId>r-1</RequestId></ErrorResponse>");
        } else if (block == null) {
            RecordingServer.send(exchange, 404, "application/xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ErrorResponse><Error>"
                    + "<Code>NoSuchPublicAccessBlockConfiguration</Code><Message>The public access block configuration was not found</Message>"
                    + "</Error><RequestId>r-2</RequestId></ErrorResponse>");
        } else {
            RecordingServer.send(exchange, 200, "application/xml", block);
        }
        exchange.close();
    }
}
