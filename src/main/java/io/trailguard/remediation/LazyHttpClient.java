package io.trailguard.remediation;

import java.time.Duration;

import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * The HTTP client of a signed call, built at its first request instead of with the call. Every executor is built
 * at start ({@link ActionLibrary} names them all), each with its signed calls, and each URL-connection client builds
 * a TLS context: a cold start that decides without calling AWS, most of them, built about ten of them for nothing.
 */
final class LazyHttpClient implements SdkHttpClient {

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

    /** Whether the client has been built (a first request was made). */
    boolean built() {
        return client != null;
    }

    private SdkHttpClient client() {
        SdkHttpClient built = client;
        if (built == null) {
            synchronized (this) {
                built = client;
                if (built == null) {
                    built = UrlConnectionHttpClient.builder().connectionTimeout(connectTimeout).socketTimeout(answerTimeout).build();
                    client = built;
                }
            }
        }
        return built;
    }

    @Override
    public String clientName() {
        return "UrlConnection";
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
        }
    }
}
