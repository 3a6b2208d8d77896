package io.trailguard.remediation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;

import org.jboss.logging.MDC;

import io.trailguard.AwsCallRecorder;
import io.trailguard.policy.ActionSpec;
import io.trailguard.policy.HandlerNames;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.route53domains.Route53DomainsClient;

/**
 * route53domains.enable-transfer-lock without moto, which has no Enable/DisableDomainTransferLock: the executor's signed
 * calls and the SDK's own client talk to one recording server answering as Route 53 Domains does, and each call the
 * executor makes must be the request the SDK's client makes (target, content type, JSON body, and the signature's
 * scope: us-east-1, Route 53 Domains' only region, though the function runs in another). The executor's calls are
 * recorded as the security function's (the least-privilege check's evidence for its grants); the SDK's are not.
 */
class EnableDomainTransferLockTest {

    static final String DOMAIN = "example-shop.com";

    record Request(String method, String path, String target, String contentType, String scope, JsonNode body) {
    }

    final ObjectMapper mapper = new ObjectMapper();
    final List<Request> requests = new ArrayList<>();
    final List<String> status = new ArrayList<>();
    RecordingServer server;
    EnableDomainTransferLock executor;
    Route53DomainsClient sdk;

    @BeforeEach
    void start() throws IOException {
        MDC.clear(); // no handler or policy context left by an earlier test on this thread: the SDK's calls are not the function's
        server = RecordingServer.start(this::answer);
        URI endpoint = server.endpoint();
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
        executor = new EnableDomainTransferLock(server.clientConfig("eu-west-1"), credentials);
        // the SDK's client, as the function built it before the executor signed its calls
        sdk = Route53DomainsClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1).credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    @AfterEach
    void stop() {
        executor.close();
        sdk.close();
        server.close();
    }

    @Test
    void anUnlockedDomainIsLockedWithTheRequestsTheSdkWouldSend() {
        status.addAll(List.of("clientDeleteProhibited", "clientUpdateProhibited"));
        ActionSpec spec = EnableDomainTransferLock.spec(DOMAIN);
        assertNull(executor.refusal(spec));

        asTheFunction(() -> {
            assertTrue(executor.needed(spec));
            executor.apply(spec);
            assertFalse(executor.needed(spec), "locked now: a redelivered event changes nothing");
        });
        List<Request> ours = List.copyOf(requests);
        requests.clear();

        assertEquals(3, ours.size(), "a read, the lock, a read: " + ours);
        assertEquals("us-east-1/route53domains", ours.get(0).scope(), "signed for us-east-1 though the function is in eu-west-1");
        sdk.getDomainDetail(b -> b.domainName(DOMAIN));
        sdk.enableDomainTransferLock(b -> b.domainName(DOMAIN));
        assertEquals(requests.get(0), ours.get(0), "GetDomainDetail as the SDK sends it");
        assertEquals(requests.get(1), ours.get(1), "EnableDomainTransferLock as the SDK sends it");
    }

    @Test
    void aDomainTheAccountDoesNotHoldFailsWithRoute53DomainsErrorCode() {
        AwsServiceException e = assertThrows(AwsServiceException.class, () -> executor.needed(EnableDomainTransferLock.spec("not-ours.com")));
        assertEquals("InvalidInput", e.awsErrorDetails().errorCode());
        assertEquals(400, e.statusCode());
    }

    @Test
    void aDomainNameAsNoRegistryWouldTakeItIsRefused() {
        assertEquals("refused: domain 'Example-Shop.COM;rm' is not a registered domain name",
                executor.refusal(EnableDomainTransferLock.spec("Example-Shop.COM;rm")));
        assertEquals("refused: domain 'example..com' is not a registered domain name",
                executor.refusal(EnableDomainTransferLock.spec("example..com")));
        assertEquals("missing parameter domain", executor.refusal(new ActionSpec(EnableDomainTransferLock.NAME, null)));
        assertTrue(requests.isEmpty());
    }

    private static void asTheFunction(Runnable work) {
        AwsCallRecorder.asFunction(HandlerNames.SECURITY, Map.of(), () -> {
            work.run();
            return null;
        });
    }

    /** A registry of one domain ({@link #DOMAIN}): its status list, with clientTransferProhibited once locked. */
    private void answer(HttpExchange exchange) throws IOException {
        JsonNode body = mapper.readTree(exchange.getRequestBody().readAllBytes());
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        // Credential=<key>/<date>/<region>/<service>/aws4_request
        String[] credential = exchange.getRequestHeaders().getFirst("Authorization").replaceAll(".*Credential=([^,]*),.*", "$1").split("/");
        requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), target,
                exchange.getRequestHeaders().getFirst("Content-Type"), credential[2] + "/" + credential[3], body));
        if (!body.path("DomainName").asText().equals(DOMAIN)) {
            send(exchange, 400, "{\"__type\":\"InvalidInput\",\"message\":\"Domain not found\"}");
        } else if (target.endsWith(".GetDomainDetail")) {
            JsonNode detail = mapper.createObjectNode().put("DomainName", DOMAIN).set("StatusList", mapper.valueToTree(status));
            send(exchange, 200, detail.toString());
        } else {
            if (!status.contains(EnableDomainTransferLock.TRANSFER_PROHIBITED)) {
                status.add(EnableDomainTransferLock.TRANSFER_PROHIBITED);
            }
            send(exchange, 200, "{\"OperationId\":\"op-1\"}");
        }
        exchange.close();
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        RecordingServer.send(exchange, status, "application/x-amz-json-1.1", json);
    }
}
