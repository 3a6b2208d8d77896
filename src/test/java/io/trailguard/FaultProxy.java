package io.trailguard;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An HTTP proxy in front of moto that injects AWS faults into chosen calls: throttling (400 with the
 * protocol's Throttling/ThrottlingException code), 500, 503, slow answers and dropped connections. Calls are
 * named by operation (X-Amz-Target for JSON protocols, Action for query protocols such as IAM). Counts every
 * request per operation so tests can tell how many attempts reached AWS.
 */
public final class FaultProxy implements AutoCloseable {

    public enum Kind { THROTTLE, ERROR_500, ERROR_503, SLOW, DROP, ACCESS_DENIED }

    /** {@code times} faults for {@code operation}, then pass-through; {@code times} -1 means forever. */
    record Fault(String operation, Kind kind, AtomicInteger remaining, long delayMillis) {
    }

    private static final Set<String> HOP_HEADERS = Set.of("connection", "content-length", "expect", "host", "upgrade",
            "transfer-encoding", "keep-alive");

    private final HttpServer server;
    private final String target;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Fault> faults = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> injected = new ConcurrentHashMap<>();
    /** Requests being answered: a SLOW one is forwarded late, after its caller gave up on it. */
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile String lastAuthorization;
    private volatile String lastSecurityToken;

    public FaultProxy(String target) throws IOException {
        this.target = target;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "fault-proxy");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public void inject(String operation, Kind kind, int times) {
        inject(operation, kind, times, 0);
    }

    public void inject(String operation, Kind kind, int times, long delayMillis) {
        faults.add(new Fault(operation, kind, new AtomicInteger(times), delayMillis));
    }

    /** Removes every fault and forgets the counts. */
    /**
     * Forgets faults and counts, once the requests still in flight are answered: a SLOW request is forwarded after
     * its caller timed out, and reaching the emulator after the next test's reset it would change that test's state.
     */
    public void clear() {
        long until = System.currentTimeMillis() + 15_000;
        while (inFlight.get() > 0 && System.currentTimeMillis() < until) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        faults.clear();
        requests.clear();
        injected.clear();
    }

    public int requests(String operation) {
        AtomicInteger n = requests.get(operation);
        return n == null ? 0 : n.get();
    }

    public int injected(String operation) {
        AtomicInteger n = injected.get(operation);
        return n == null ? 0 : n.get();
    }

    /** The Authorization header of the latest request: shows which credentials signed it. */
    public String lastAuthorization() {
        return lastAuthorization;
    }

    /** The session token of the latest request signed with temporary credentials (an assumed role), if any. */
    public String lastSecurityToken() {
        return lastSecurityToken;
    }

    /** Faults injected so far, by operation and kind. */
    public Map<String, Integer> injectedCounts() {
        Map<String, Integer> copy = new java.util.TreeMap<>();
        injected.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    private void handle(HttpExchange exchange) throws IOException {
        inFlight.incrementAndGet();
        try {
            answer(exchange);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private void answer(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        lastAuthorization = exchange.getRequestHeaders().getFirst("Authorization");
        String token = exchange.getRequestHeaders().getFirst("X-Amz-Security-Token");
        if (token != null) {
            lastSecurityToken = token;
        }
        String operation = operation(exchange, body);
        requests.computeIfAbsent(operation, o -> new AtomicInteger()).incrementAndGet();
        Fault fault = due(operation);
        try {
            if (fault != null) {
                injected.computeIfAbsent(operation + " " + fault.kind(), o -> new AtomicInteger()).incrementAndGet();
                switch (fault.kind()) {
                    case THROTTLE -> {
                        error(exchange, 400, "Throttling", "ThrottlingException", "Rate exceeded");
                        return;
                    }
                    case ERROR_500 -> {
                        error(exchange, 500, "InternalFailure", "InternalFailure", "injected internal error");
                        return;
                    }
                    case ERROR_503 -> {
                        error(exchange, 503, "ServiceUnavailable", "ServiceUnavailable", "injected unavailability");
                        return;
                    }
                    case ACCESS_DENIED -> {
                        // what a remediation role without the permission gets: not retried, the invocation fails
                        error(exchange, 400, "AccessDenied", "AccessDeniedException", "User is not authorized to perform this action");
                        return;
                    }
                    case DROP -> {
                        // no status line at all: the client sees the connection end mid-request
                        exchange.close();
                        return;
                    }
                    case SLOW -> sleep(fault.delayMillis());
                }
            }
            forward(exchange, body);
        } catch (RuntimeException | IOException e) {
            exchange.close();
        }
    }

    private Fault due(String operation) {
        for (Fault fault : faults) {
            if (fault.operation().equals(operation)) {
                int left = fault.remaining().getAndUpdate(n -> n > 0 ? n - 1 : n);
                if (left != 0) {
                    return fault;
                }
            }
        }
        return null;
    }

    private void forward(HttpExchange exchange, byte[] body) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target + exchange.getRequestURI()))
                .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!HOP_HEADERS.contains(name.toLowerCase())) {
                values.forEach(v -> {
                    try {
                        request.header(name, v);
                    } catch (IllegalArgumentException restricted) {
                        // a header the JDK client sets itself
                    }
                });
            }
        });
        HttpResponse<byte[]> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        response.headers().map().forEach((name, values) -> {
            if (!HOP_HEADERS.contains(name.toLowerCase()) && !name.startsWith(":")) {
                exchange.getResponseHeaders().put(name, values);
            }
        });
        byte[] answer = response.body();
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(response.statusCode(), head || answer.length == 0 ? -1 : answer.length);
        if (!head && answer.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        }
        exchange.close();
    }

    /** An AWS error in the protocol of the request: JSON (X-Amz-Target) or query/XML. */
    private static void error(HttpExchange exchange, int status, String queryCode, String jsonCode, String message) throws IOException {
        byte[] body;
        if (exchange.getRequestHeaders().getFirst("X-Amz-Target") != null) {
            exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
            exchange.getResponseHeaders().set("x-amzn-ErrorType", jsonCode);
            body = ("{\"__type\":\"" + jsonCode + "\",\"message\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8);
        } else {
            exchange.getResponseHeaders().set("Content-Type", "text/xml");
            body = ("<ErrorResponse><Error><Type>" + (status >= 500 ? "Receiver" : "Sender") + "</Type><Code>" + queryCode
                    + "</Code><Message>" + message + "</Message></Error><RequestId>fault-proxy</RequestId></ErrorResponse>")
                    .getBytes(StandardCharsets.UTF_8);
        }
        exchange.getResponseHeaders().set("x-amzn-RequestId", "fault-proxy");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
        exchange.close();
    }

    /** The API operation: X-Amz-Target's suffix (JSON protocols) or the Action parameter (query protocols). */
    static String operation(HttpExchange exchange, byte[] body) {
        String amzTarget = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        if (amzTarget != null) {
            return amzTarget.substring(amzTarget.lastIndexOf('.') + 1);
        }
        String form = new String(body, StandardCharsets.UTF_8);
        String query = exchange.getRequestURI().getRawQuery();
        for (String source : new String[] { form, query == null ? "" : query }) {
            for (String pair : source.split("&")) {
                if (pair.startsWith("Action=")) {
                    return URLDecoder.decode(pair.substring("Action=".length()), StandardCharsets.UTF_8);
                }
            }
        }
        return exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
