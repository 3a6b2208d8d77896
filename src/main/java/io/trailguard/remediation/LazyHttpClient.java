package io.trailguard.remediation;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * The HTTP client of a signed call: built at the first request of any call, not with the call, and one for every call
 * of the process with the same timeouts.
 * <ul>
 * <li>At the first request: every executor is built at start ({@link ActionLibrary} names them all), each with its
 * signed calls, and each URL-connection client builds a TLS context: a cold start that decides without calling AWS,
 * most of them, built about ten for nothing.
 * <li>One for all: the JDK keeps an HTTPS connection alive for the socket factory that opened it, and each client has
 * its own; with one client per call, the tag reader's, the ACL executor's and the public access block executor's calls
 * to one bucket opened a TLS connection each, where they now reuse one.
 * </ul>
 */
final class LazyHttpClient implements SdkHttpClient {

    private static final Map<List<Duration>, SdkHttpClient> CLIENTS = new ConcurrentHashMap<>();

    private final Duration connectTimeout;
    private final Duration answerTimeout;
    private volatile SdkHttpClient client;

    LazyHttpClient(Duration connectTimeout, Duration answerTimeout) {
        this.connectTimeout = connectTimeout;
        this.answerTimeout = answerTimeout;
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        return client().prepareRequest(request);
    }

    /** Whether this call has made a request (and so the client it shares is built). */
    boolean built() {
        return client != null;
    }

    /** The client this call's requests go through. */
    SdkHttpClient client() {
        SdkHttpClient shared = client;
        if (shared == null) {
            shared = CLIENTS.computeIfAbsent(List.of(connectTimeout, answerTimeout), timeouts -> UrlConnectionHttpClient.builder()
                    .connectionTimeout(connectTimeout).socketTimeout(answerTimeout).build());
            client = shared;
        }
        return shared;
    }

    @Override
    public String clientName() {
        return "UrlConnection";
    }

    /** Nothing to close: the client is the process's (a URL-connection client holds nothing of its own either). */
    @Override
    public void close() {
    }
}
