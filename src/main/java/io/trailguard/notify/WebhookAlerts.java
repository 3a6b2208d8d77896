package io.trailguard.notify;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * POSTs each alert as JSON ({@link WebhookPayload}: Slack text and blocks, plus the alert) to the configured
 * webhook, with a connect and a request timeout and one retry on a network error, a timeout, 429 or 5xx.
 * Outcomes and errors name the HTTP status or the error type only, never the URL.
 */
@ApplicationScoped
public class WebhookAlerts implements AlertTarget {

    private static final int ATTEMPTS = 2;
    private static final long RETRY_PAUSE_MILLIS = 200;

    private final WebhookUrl url;
    private final AlertsConfig.Webhook config;
    private final ObjectMapper mapper;
    private HttpClient http;

    public WebhookAlerts(WebhookUrl url, AlertsConfig config, ObjectMapper mapper) {
        this.url = url;
        this.config = config.webhook();
        this.mapper = mapper;
    }

    /** Built on first use: a function without a webhook does not pay for the client's selector thread at start. */
    private synchronized HttpClient http() {
        if (http == null) {
            http = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofMillis(config.connectTimeoutMillis()))
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .build();
        }
        return http;
    }

    @Override
    public String name() {
        return "webhook";
    }

    @Override
    public boolean configuredFor(Notice notice) {
        return url.configured();
    }

    @Override
    public String send(Notice notice) {
        try {
            return post(notice);
        } catch (WebhookException e) {
            throw e;
        } catch (RuntimeException e) {
            // the type only: a JDK message about a request may quote its URI
            throw new WebhookException(e.getClass().getSimpleName());
        }
    }

    private String post(Notice notice) {
        URI target = url.get();
        HttpRequest request = HttpRequest.newBuilder(target)
                .timeout(Duration.ofMillis(config.timeoutMillis()))
                .header("Content-Type", "application/json; charset=utf-8")
                .header("User-Agent", "trailguard")
                .POST(HttpRequest.BodyPublishers.ofByteArray(WebhookPayload.of(notice.alert(), mapper)))
                .build();
        String failure = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            if (attempt > 1) {
                pause();
            }
            try {
                int status = http().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status >= 200 && status < 300) {
                    return attempt == 1 ? "sent (HTTP " + status + ")" : "sent (HTTP " + status + ", on retry)";
                }
                failure = "HTTP " + status;
                if (status != 429 && status < 500) {
                    // a 4xx other than 429 will not change on a retry: the payload or the URL is wrong
                    throw new WebhookException(failure);
                }
            } catch (HttpTimeoutException e) {
                failure = "timed out";
            } catch (IOException e) {
                // the type only: some I/O messages name the host or path
                failure = e.getClass().getSimpleName();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new WebhookException("interrupted");
            }
        }
        throw new WebhookException(failure + " after " + ATTEMPTS + " attempts");
    }

    private static void pause() {
        try {
            Thread.sleep(RETRY_PAUSE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WebhookException("interrupted");
        }
    }
}
