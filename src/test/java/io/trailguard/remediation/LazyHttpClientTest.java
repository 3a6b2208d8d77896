package io.trailguard.remediation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * The signed calls' HTTP client: nothing built until the first request, then one client for every call with the same
 * timeouts, answering within them.
 */
class LazyHttpClientTest {

    HttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/fast", exchange -> {
            byte[] body = "answered".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.createContext("/slow", exchange -> {
            try {
                Thread.sleep(2_000);
                exchange.sendResponseHeaders(200, -1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void buildsItsClientAtTheFirstRequestOnly() throws IOException {
        LazyHttpClient http = new LazyHttpClient(Duration.ofSeconds(2), Duration.ofSeconds(2));
        assertFalse(http.built(), "built with the signed call");

        HttpExecuteResponse response = http.prepareRequest(get("/fast")).call();

        assertTrue(http.built());
        assertEquals(200, response.httpResponse().statusCode());
        try (InputStream body = response.responseBody().orElseThrow()) {
            assertEquals("answered", new String(body.readAllBytes(), StandardCharsets.UTF_8));
        }
        assertEquals(200, http.prepareRequest(get("/fast")).call().httpResponse().statusCode());
        http.close();
    }

    @Test
    void callsWithTheSameTimeoutsShareOneClient() throws IOException {
        LazyHttpClient tags = new LazyHttpClient(Duration.ofSeconds(3), Duration.ofSeconds(3));
        LazyHttpClient acl = new LazyHttpClient(Duration.ofSeconds(3), Duration.ofSeconds(3));
        LazyHttpClient invoke = new LazyHttpClient(Duration.ofSeconds(3), Duration.ofSeconds(30));
        for (LazyHttpClient http : List.of(tags, acl, invoke)) {
            assertEquals(200, http.prepareRequest(get("/fast")).call().httpResponse().statusCode());
        }

        assertSame(tags.client(), acl.client());
        assertNotSame(tags.client(), invoke.client(), "a call waiting longer for its answer has its own");
        tags.close();
        assertEquals(200, acl.prepareRequest(get("/fast")).call().httpResponse().statusCode(), "one call's close ends another's");
    }

    @Test
    void closingAClientNeverUsedBuildsNothing() {
        LazyHttpClient http = new LazyHttpClient(Duration.ofSeconds(2), Duration.ofSeconds(2));
        http.close();
        assertFalse(http.built());
    }

    @Test
    void waitsNoLongerThanItsAnswerTimeout() {
        LazyHttpClient http = new LazyHttpClient(Duration.ofSeconds(2), Duration.ofMillis(200));
        long start = System.nanoTime();
        assertThrows(IOException.class, () -> http.prepareRequest(get("/slow")).call());
        assertTrue(System.nanoTime() - start < 1_500_000_000L, "the answer timeout was not applied");
    }

    private HttpExecuteRequest get(String path) {
        URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
        return HttpExecuteRequest.builder().request(SdkHttpRequest.builder().method(SdkHttpMethod.GET).uri(uri).build()).build();
    }
}
