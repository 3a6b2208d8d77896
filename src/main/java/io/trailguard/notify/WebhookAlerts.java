package io.trailguard.notify;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * POSTs each alert as JSON ({@link WebhookPayload}: Slack text and blocks, plus the alert) to the configured
 * webhook, with a connect and a read timeout and one retry on a network error, a timeout, 429 or 5xx.
 * Outcomes and errors name the HTTP status or the error type only, never the URL.
 * <p>
 * The JDK's {@link HttpURLConnection}, which the AWS SDK's URL-connection client already brings into the native
 * image: {@code java.net.http.HttpClient} added 1.5 MB of code to every function's binary for this one POST.
 */
@ApplicationScoped
public class WebhookAlerts implements AlertTarget {

    private static final int ATTEMPTS = 2;
    private static final long RETRY_PAUSE_MILLIS = 200;

    private final WebhookUrl url;
    private final AlertsConfig.Webhook config;
    private final ObjectMapper mapper;

    public WebhookAlerts(WebhookUrl url, AlertsConfig config, ObjectMapper mapper) {
        this.url = url;
        this.config = config.webhook();
        this.mapper = mapper;
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
        byte[] body = WebhookPayload.of(notice.alert(), mapper);
        String failure = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            if (attempt > 1) {
                pause();
            }
            try {
                int status = post(target, body);
                if (status >= 200 && status < 300) {
                    return attempt == 1 ? "sent (HTTP " + status + ")" : "sent (HTTP " + status + ", on retry)";
                }
                failure = "HTTP " + status;
                if (status != 429 && status < 500) {
                    // a 4xx other than 429 will not change on a retry: the payload or the URL is wrong
                    throw new WebhookException(failure);
                }
            } catch (SocketTimeoutException e) {
                failure = "timed out";
            } catch (IOException e) {
                // the type only: some I/O messages name the host or path
                failure = e.getClass().getSimpleName();
            }
        }
        throw new WebhookException(failure + " after " + ATTEMPTS + " attempts");
    }

    /** One POST; the response body is read to its end (and dropped), so that the connection can be kept alive. */
    private int post(URI target, byte[] body) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) target.toURL().openConnection();
        try {
            connection.setConnectTimeout((int) Math.min(Integer.MAX_VALUE, config.connectTimeoutMillis()));
            connection.setReadTimeout((int) Math.min(Integer.MAX_VALUE, config.timeoutMillis()));
            connection.setInstanceFollowRedirects(false);
            connection.setUseCaches(false);
            connection.setRequestMethod("POST");
            connection.setRequestProperty("Content-Type", "application/json; charset=utf-8");
            connection.setRequestProperty("User-Agent", "trailguard");
            connection.setDoOutput(true);
            connection.setFixedLengthStreamingMode(body.length);
            try (OutputStream out = connection.getOutputStream()) {
                out.write(body);
            }
            int status = connection.getResponseCode();
            try (InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
                if (in != null) {
                    in.transferTo(OutputStream.nullOutputStream());
                }
            }
            return status;
        } catch (IOException | RuntimeException e) {
            connection.disconnect();
            throw e;
        }
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
