package io.trailguard;

import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts moto_server (the AWS emulator) on a free 127.0.0.1 port for the tests and points every AWS client
 * at it. moto 5.2.1 is preinstalled on the project's machines; elsewhere: {@code pip install "moto[server]==5.2.1"}.
 */
public class MotoServer implements QuarkusTestResourceLifecycleManager {

    public static final String ACCOUNT = "123456789012";
    public static final String REGION = "us-east-1";

    private static Process process;
    private static String endpoint;
    private static int port;
    private static TlsFront tlsFront;

    /**
     * moto with the function's AWS calls over HTTPS ({@link TlsFront}): the function is pointed at the TLS front and
     * given its trust store, while the tests' own clients still reach moto at {@link #endpoint()}. For a test profile
     * that lists it in {@code testResources()} and turns the global resources (this one plain) off.
     */
    public static class OverTls implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            Map<String, String> config = new MotoServer().start();
            config.put("trailguard.aws.endpoint-override", tlsFront().endpoint());
            config.put("javax.net.ssl.trustStore", tlsFront().trustStore().toAbsolutePath().toString());
            config.put("javax.net.ssl.trustStorePassword", TlsFront.PASSWORD);
            config.put("javax.net.ssl.trustStoreType", "PKCS12");
            return config;
        }

        @Override
        public void stop() {
            // the front lives as long as moto
        }
    }

    @Override
    public Map<String, String> start() {
        launchOnce();
        Map<String, String> config = new HashMap<>();
        config.put("trailguard.aws.endpoint-override", endpoint);
        config.put("trailguard.aws.region", REGION);
        config.put("trailguard.aws.access-key-id", "testing");
        config.put("trailguard.aws.secret-access-key", "testing");
        return config;
    }

    @Override
    public void stop() {
        // one moto for the whole test run; it dies with the JVM (see the shutdown hook)
    }

    public static String endpoint() {
        return endpoint;
    }

    /** TLS handshakes the HTTPS front has completed: how many connections an {@link OverTls} function opened through it. */
    public static synchronized int tlsHandshakes() {
        return tlsFront == null ? 0 : tlsFront.handshakes();
    }

    private static synchronized TlsFront tlsFront() {
        if (tlsFront == null) {
            tlsFront = TlsFront.start(port, Path.of("target", "tls-front"));
        }
        return tlsFront;
    }

    /** Forgets every resource: each test starts from an empty account. */
    public static void reset() {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(endpoint + "/moto-api/reset").toURL().openConnection();
            c.setRequestMethod("POST");
            c.setDoOutput(true);
            c.getOutputStream().close();
            if (c.getResponseCode() != 200) {
                throw new IllegalStateException("moto reset answered " + c.getResponseCode());
            }
        } catch (IOException e) {
            throw new IllegalStateException("moto reset failed", e);
        }
    }

    private static synchronized void launchOnce() {
        if (process == null || !process.isAlive()) {
            launch();
        }
    }

    private static void launch() {
        String executable = findMoto();
        port = freePort();
        endpoint = "http://127.0.0.1:" + port;
        try {
            Path log = Path.of("target", "moto.log");
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(executable, "-H", "127.0.0.1", "-p", String.valueOf(port))
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().put("MOTO_IAM_LOAD_MANAGED_POLICIES", "true");
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("could not start " + executable, e);
        }
        Process started = process;
        Runtime.getRuntime().addShutdownHook(new Thread(started::destroy));
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            if (!started.isAlive()) {
                throw new IllegalStateException("moto_server exited at start; see target/moto.log");
            }
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create(endpoint + "/moto-api/data.json").toURL().openConnection();
                if (c.getResponseCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("moto_server did not answer on " + endpoint + " within 60 s; see target/moto.log");
    }

    private static String findMoto() {
        String configured = System.getenv("MOTO_SERVER");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File candidate = new File(dir, "moto_server");
            if (candidate.canExecute()) {
                return candidate.getAbsolutePath();
            }
        }
        throw new IllegalStateException("moto_server is not on the PATH. The tests need the AWS emulator moto 5.2.1: "
                + "pip install \"moto[server]==5.2.1\" (or set MOTO_SERVER to its moto_server executable)");
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
