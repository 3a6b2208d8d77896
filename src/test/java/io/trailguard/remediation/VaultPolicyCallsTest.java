package io.trailguard.remediation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
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

import org.jboss.logging.MDC;

import io.trailguard.AwsCallRecorder;
import io.trailguard.policy.HandlerNames;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glacier.GlacierClient;

/**
 * moto has no S3 Glacier vault access policies, so the executor's signed REST calls are held to the SDK's own client
 * instead: both talk to one recording server, and each call the executor makes must be the request the SDK's client
 * makes for the same operation (method, path, API version header, content type, JSON body). The server answers as
 * S3 Glacier does: the policy document on GET, 204 on PUT and DELETE, 404 ResourceNotFoundException for no policy.
 * The executor's calls are recorded as the sharing function's (the least-privilege check's evidence for its Glacier
 * grants); the SDK's reference calls, made outside any function's context, are not.
 */
class VaultPolicyCallsTest {

    static final String VAULT = "audit-archive";
    static final String PUBLIC = """
            {"Sid":"Anyone","Effect":"Allow","Principal":"*","Action":"glacier:InitiateJob","Resource":"arn:aws:glacier:us-east-1:123456789012:vaults/audit-archive"}""";
    static final String OWNER = """
            {"Sid":"Owner","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"glacier:*","Resource":"arn:aws:glacier:us-east-1:123456789012:vaults/audit-archive"}""";

    record Request(String method, String path, String version, String contentType, JsonNode body) {
    }

    final ObjectMapper mapper = new ObjectMapper();
    final List<Request> requests = new ArrayList<>();
    RecordingServer server;
    String livePolicy;
    SignedJsonCall call;
    GlacierClient sdk;

    @BeforeEach
    void start() throws IOException {
        MDC.clear(); // no handler or policy context left by an earlier test on this thread: the SDK's calls are not the function's
        server = RecordingServer.start(this::answer);
        URI endpoint = server.endpoint();
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
        call = new SignedJsonCall("glacier", "us-east-1", endpoint, credentials, Duration.ofSeconds(5));
        sdk = GlacierClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1).credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    @AfterEach
    void stop() {
        call.close();
        sdk.close();
        server.close();
    }

    @Test
    void aPublicStatementIsRemovedWithTheRequestsTheSdkWouldSend() throws Exception {
        livePolicy = policy(PUBLIC, OWNER);
        RemovePublicVaultPolicyStatements executor = new RemovePublicVaultPolicyStatements(call, mapper);

        asTheFunction(() -> {
            assertTrue(executor.needed(RemovePublicVaultPolicyStatements.spec(VAULT)));
            executor.apply(RemovePublicVaultPolicyStatements.spec(VAULT));
        });
        List<Request> ours = List.copyOf(requests);
        requests.clear();

        assertEquals(3, ours.size(), "needed reads, apply reads and writes: " + ours);
        JsonNode written = mapper.readTree(ours.get(2).body().path("Policy").asText());
        assertEquals(1, written.path("Statement").size(), "only the owner's statement is left: " + written);
        assertEquals("Owner", written.path("Statement").get(0).path("Sid").asText());

        sdk.getVaultAccessPolicy(b -> b.accountId("-").vaultName(VAULT));
        sdk.setVaultAccessPolicy(b -> b.accountId("-").vaultName(VAULT).policy(p -> p.policy(ours.get(2).body().path("Policy").asText())));
        assertEquals(requests.get(0), ours.get(1), "GetVaultAccessPolicy as the SDK sends it");
        assertEquals(requests.get(1), ours.get(2), "SetVaultAccessPolicy as the SDK sends it");
    }

    @Test
    void aPolicyOfOnlyPublicStatementsIsDeletedAsTheSdkWouldDeleteIt() {
        livePolicy = policy(PUBLIC);
        asTheFunction(() -> new RemovePublicVaultPolicyStatements(call, mapper).apply(RemovePublicVaultPolicyStatements.spec(VAULT)));
        List<Request> ours = List.copyOf(requests);
        requests.clear();

        sdk.deleteVaultAccessPolicy(b -> b.accountId("-").vaultName(VAULT));
        assertEquals(2, ours.size(), "a read, then the delete: " + ours);
        assertEquals("DELETE", ours.get(1).method());
        assertEquals(requests.get(0), ours.get(1), "DeleteVaultAccessPolicy as the SDK sends it");
    }

    @Test
    void aVaultWithoutAPolicyNeedsNothing() {
        livePolicy = null;
        RemovePublicVaultPolicyStatements executor = new RemovePublicVaultPolicyStatements(call, mapper);
        asTheFunction(() -> {
            assertFalse(executor.needed(RemovePublicVaultPolicyStatements.spec(VAULT)));
            executor.apply(RemovePublicVaultPolicyStatements.spec(VAULT));
        });
        assertEquals(2, requests.size(), "two reads, no write: " + requests);
        assertTrue(requests.stream().allMatch(r -> r.method().equals("GET")));
    }

    private static void asTheFunction(Runnable work) {
        AwsCallRecorder.asFunction(HandlerNames.SHARING, Map.of(), () -> {
            work.run();
            return null;
        });
    }

    private String policy(String... statements) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[" + String.join(",", statements) + "]}";
    }

    private void answer(HttpExchange exchange) throws IOException {
        byte[] in = exchange.getRequestBody().readAllBytes();
        JsonNode body = in.length == 0 ? null : mapper.readTree(in);
        requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                exchange.getRequestHeaders().getFirst("x-amz-glacier-version"),
                in.length == 0 ? null : exchange.getRequestHeaders().getFirst("Content-Type"), body));
        if (!exchange.getRequestMethod().equals("GET")) {
            exchange.sendResponseHeaders(204, -1);
        } else if (livePolicy == null) {
            send(exchange, 404, "{\"code\":\"ResourceNotFoundException\",\"message\":\"Vault not found for ARN\",\"type\":\"Client\"}");
        } else {
            send(exchange, 200, mapper.createObjectNode().put("Policy", livePolicy).toString());
        }
        exchange.close();
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        RecordingServer.send(exchange, status, "application/json", json);
    }
}
