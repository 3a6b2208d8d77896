package io.trailguard.infra;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The Lambda runtime API on 127.0.0.1, as Lambda serves it to a function process: {@code invocation/next} hands
 * out the next event (a long poll), {@code invocation/<id>/response} and {@code .../error} answer it.
 */
final class LocalRuntimeApi implements AutoCloseable {

    /** How the function answered one event: its response body, or its error (init or invocation). */
    record Answer(boolean error, String body) {
    }

    private final HttpServer server;
    private final String functionArn;
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    private final BlockingQueue<Answer> answers = new LinkedBlockingQueue<>();
    private final AtomicLong requestIds = new AtomicLong();

    LocalRuntimeApi(String functionArn) throws IOException {
        this.functionArn = functionArn;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.createContext("/2018-06-01/runtime/", this::handle);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "runtime-api");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    /** host:port, the value of AWS_LAMBDA_RUNTIME_API. */
    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    Answer invoke(String event, long timeoutSeconds) throws InterruptedException {
        events.add(event);
        Answer answer = answers.poll(timeoutSeconds, TimeUnit.SECONDS);
        if (answer == null) {
            throw new IllegalStateException("the function did not answer within " + timeoutSeconds + " s");
        }
        return answer;
    }

    private void handle(HttpExchange x) throws IOException {
        String path = x.getRequestURI().getPath();
        try (x) {
            if ("GET".equals(x.getRequestMethod()) && path.endsWith("/invocation/next")) {
                String event = events.take();
                byte[] body = event.getBytes(StandardCharsets.UTF_8);
                x.getResponseHeaders().add("Lambda-Runtime-Aws-Request-Id", "deployed-" + requestIds.incrementAndGet());
                x.getResponseHeaders().add("Lambda-Runtime-Deadline-Ms", String.valueOf(System.currentTimeMillis() + 60_000));
                x.getResponseHeaders().add("Lambda-Runtime-Invoked-Function-Arn", functionArn);
                x.getResponseHeaders().add("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000;Sampled=0");
                x.getResponseHeaders().add("Content-Type", "application/json");
                x.sendResponseHeaders(200, body.length);
                try (OutputStream out = x.getResponseBody()) {
                    out.write(body);
                }
            } else {
                String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                x.sendResponseHeaders(202, -1);
                answers.add(path.endsWith("/response") ? new Answer(false, body) : new Answer(true, path + " " + body));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
