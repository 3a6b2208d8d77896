package io.trailguard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.UUID;

import com.sun.net.httpserver.HttpServer;

/**
 * A local HTTP endpoint standing in for a Slack or chat webhook: records every POST and answers 200, or the
 * statuses queued with {@link #answer}. Its URL carries a secret-looking token, as real webhook URLs do, so
 * tests can check that it never reaches the logs. One per test JVM.
 */
public final class WebhookReceiver {

    public record Request(String method, String path, String contentType, String body) {
    }

    private static WebhookReceiver instance;

    private final HttpServer server;
    private final String token = "T0TRAILGUARD/B0SECRET/" + UUID.randomUUID().toString().replace("-", "");
    private final List<Request> requests = new ArrayList<>();
    private final Deque<Integer> statuses = new ArrayDeque<>();

    private WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            int status;
            synchronized (this) {
                requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                        exchange.getRequestHeaders().getFirst("Content-Type"), body));
                status = statuses.isEmpty() ? 200 : statuses.poll();
            }
            byte[] answer = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    public static synchronized WebhookReceiver get() {
        if (instance == null) {
            try {
                instance = new WebhookReceiver();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return instance;
    }

    /** http://127.0.0.1:port/services/&lt;token&gt; */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/services/" + token;
    }

    /** The secret part of the URL, which must appear nowhere but in the request line. */
    public String token() {
        return token;
    }

    /** The next requests are answered with these statuses, then 200 again. */
    public synchronized void answer(Integer... next) {
        statuses.addAll(List.of(next));
    }

    public synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    public synchronized void clear() {
        requests.clear();
        statuses.clear();
    }
}
