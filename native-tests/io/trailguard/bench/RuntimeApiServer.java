package io.trailguard.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A minimal Lambda runtime API on 127.0.0.1: {@code GET /2018-06-01/runtime/invocation/next} hands out the next
 * queued event (blocking, like Lambda's long poll), {@code POST .../invocation/<id>/response|error} is recorded with
 * its arrival time and the function process's peak RSS at that moment.
 */
final class RuntimeApiServer implements AutoCloseable {

    /**
     * One invocation's outcome: when the event was handed out and answered, the answer, and at that moment the
     * process's VmHWM in kB, the CPU time of all its threads (schedstat; steadier than wall time on a busy host) and its
     * minor page faults so far (each a trap into the kernel, which on a machine that virtualizes page tables in software
     * costs tens of microseconds).
     */
    record Answer(long handedOutNanos, long answeredNanos, boolean error, String body, long peakRssKb, long cpuNanos, long minorFaults) {
    }

    private final HttpServer server;
    // one queue per function process: a killed process's pending long poll must not swallow the next one's event
    private volatile BlockingQueue<String> events = new LinkedBlockingQueue<>();
    private final BlockingQueue<Answer> answers = new LinkedBlockingQueue<>();
    private final AtomicLong requestIds = new AtomicLong();
    private volatile long handedOut;
    private volatile long pid = -1;

    RuntimeApiServer() throws IOException {
        // the JDK server writes the headers and the body apart: with Nagle on, a client that keeps its connection
        // (Quarkus's poll loop does; the Python handler does not) waits for its own delayed ACK, 40 ms, on every
        // event. Lambda's runtime API does not stall so.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
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

    /** Before starting a new function process: events offered from now on go to it alone. */
    void nextProcess() {
        events = new LinkedBlockingQueue<>();
    }

    /** The function process whose peak RSS is read when it answers. */
    void watch(long pid) {
        this.pid = pid;
    }

    void offer(String event) {
        events.add(event);
    }

    Answer awaitAnswer(long timeoutSeconds) throws InterruptedException {
        Answer a = answers.poll(timeoutSeconds, TimeUnit.SECONDS);
        if (a == null) {
            throw new IllegalStateException("no answer within " + timeoutSeconds + " s");
        }
        return a;
    }

    private void handle(HttpExchange x) throws IOException {
        String path = x.getRequestURI().getPath();
        BlockingQueue<String> queue = events;
        try {
            if ("GET".equals(x.getRequestMethod()) && path.endsWith("/invocation/next")) {
                String event = queue.take();
                String id = "bench-" + requestIds.incrementAndGet();
                byte[] body = event.getBytes(StandardCharsets.UTF_8);
                x.getResponseHeaders().add("Lambda-Runtime-Aws-Request-Id", id);
                x.getResponseHeaders().add("Lambda-Runtime-Deadline-Ms", String.valueOf(System.currentTimeMillis() + 15_000));
                x.getResponseHeaders().add("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:us-east-1:123456789012:function:trailguard-bench");
                x.getResponseHeaders().add("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000;Sampled=0");
                x.getResponseHeaders().add("Content-Type", "application/json");
                handedOut = System.nanoTime();
                x.sendResponseHeaders(200, body.length);
                try (OutputStream out = x.getResponseBody()) {
                    out.write(body);
                }
            } else if ("POST".equals(x.getRequestMethod()) && (path.endsWith("/response") || path.endsWith("/error"))) {
                long answered = System.nanoTime();
                long rss = peakRssKb();
                long cpu = cpuNanos();
                long faults = minorFaults();
                String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                x.sendResponseHeaders(202, -1);
                x.close();
                answers.add(new Answer(handedOut, answered, path.endsWith("/error"), body, rss, cpu, faults));
            } else {
                // init/error and anything else: recorded as an error answer
                String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                x.sendResponseHeaders(202, -1);
                x.close();
                answers.add(new Answer(handedOut, System.nanoTime(), true, path + " " + body, peakRssKb(), cpuNanos(), minorFaults()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            x.close();
        }
    }

    private long peakRssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process is gone or not watched
        }
        return -1;
    }

    private long cpuNanos() {
        long sum = 0;
        try (var tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    sum += Long.parseLong(Files.readString(task.resolve("schedstat")).split(" ")[0]);
                } catch (IOException | RuntimeException e) {
                    // a thread that just ended
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return sum;
    }

    /** Field 10 of {@code /proc/PID/stat}, counted after the command name, which may hold spaces. */
    private long minorFaults() {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[7]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
