package io.trailguard.remediation;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

/**
 * A loopback HTTP server in place of an AWS service, for the tests that hold trailguard's signed requests to the ones
 * the SDK's own client sends: both are pointed at it, and the test's handler records each request and answers as the
 * service does.
 */
public final class RecordingServer implements AutoCloseable {

    private final HttpServer server;

    private RecordingServer(HttpServer server) {
        this.server = server;
    }

    public static RecordingServer start(HttpHandler handler) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", handler);
        server.start();
        return new RecordingServer(server);
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The function's client settings: {@code region}, and this server in place of AWS. */
    public AwsClientConfig clientConfig(String region) {
        URI endpoint = endpoint();
        return new AwsClientConfig() {
            @Override
            public Optional<URI> endpointOverride() {
                return Optional.of(endpoint);
            }

            @Override
            public Optional<String> region() {
                return Optional.of(region);
            }

            @Override
            public Optional<String> accessKeyId() {
                return Optional.empty();
            }

            @Override
            public Optional<String> secretAccessKey() {
                return Optional.empty();
            }

            @Override
            public Optional<String> callLog() {
                return Optional.empty();
            }

            @Override
            public long apiCallTimeoutMillis() {
                return 5000;
            }
        };
    }

    /** The form-encoded parameters of a query API request (its body), decoded, by name. */
    public static Map<String, String> form(HttpExchange exchange) throws IOException {
        Map<String, String> form = new TreeMap<>();
        for (String pair : new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).split("&")) {
            String[] nv = pair.split("=", 2);
            form.put(URLDecoder.decode(nv[0], StandardCharsets.UTF_8), nv.length > 1 ? URLDecoder.decode(nv[1], StandardCharsets.UTF_8) : "");
        }
        return form;
    }

    /** The request's SigV4 scope after the date: {@code /us-east-1/iam/aws4_request}. */
    public static String signingScope(HttpExchange exchange) {
        return exchange.getRequestHeaders().getFirst("Authorization").replaceAll(".*Credential=[^/]+/\\d{8}(/[^,]+),.*", "$1");
    }

    /** Answers {@code status} with {@code body} of {@code contentType}. */
    public static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] out = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", contentType);
        exchange.sendResponseHeaders(status, out.length);
        exchange.getResponseBody().write(out);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
