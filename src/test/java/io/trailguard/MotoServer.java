package io.trailguard;

import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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
    // moto 5.2.1's config API takes no "iam" key: MOTO_LAUNCHER adds it, so that a reset chooses whether AWS's managed
    // policies are built; with a moto_server given by MOTO_SERVER, they always are (MOTO_IAM_LOAD_MANAGED_POLICIES)
    private static boolean configurable;
    private static boolean managedPoliciesLoaded;
    private static final String MOTO_LAUNCHER = """
            import sys
            from moto.core.config import default_user_config
            from moto.moto_api._internal.models import MotoAPIBackend
            set_config = MotoAPIBackend.set_config
            def set_config_and_iam(self, config):
                set_config(self, config)
                if "iam" in config:
                    default_user_config["iam"] = config["iam"]
            MotoAPIBackend.set_config = set_config_and_iam
            from moto.server import main
            sys.exit(main(sys.argv[1:]))
            """;

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

    /**
     * Forgets every resource: each test starts from an empty account, without AWS's managed policies. Loaded, they make
     * every test's first request after a reset wait a second or more while moto builds them again.
     */
    public static void reset() {
        reset(false);
    }

    /** As {@link #reset()}, and the account holds AWS's managed policies ({@code arn:aws:iam::aws:policy/…}), as in AWS. */
    public static void resetWithAwsManagedPolicies() {
        reset(true);
    }

    private static synchronized void reset(boolean managedPolicies) {
        if (configurable && managedPolicies != managedPoliciesLoaded) {
            post("/moto-api/config", "{\"iam\": {\"load_aws_managed_policies\": " + managedPolicies + "}}");
            managedPoliciesLoaded = managedPolicies;
        }
        post("/moto-api/reset", "");
    }

    private static void post(String path, String body) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(endpoint + path).toURL().openConnection();
            c.setRequestMethod("POST");
            c.setDoOutput(true);
            try (var out = c.getOutputStream()) {
                out.write(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            if (c.getResponseCode() / 100 != 2) {
                throw new IllegalStateException("moto " + path + " answered " + c.getResponseCode());
            }
        } catch (IOException e) {
            throw new IllegalStateException("moto " + path + " failed", e);
        }
    }

    private static synchronized void launchOnce() {
        if (process == null || !process.isAlive()) {
            launch();
        }
    }

    private static void launch() {
        List<String> command = motoCommand();
        port = freePort();
        endpoint = "http://127.0.0.1:" + port;
        try {
            Path log = Path.of("target", "moto.log");
            Files.createDirectories(log.getParent());
            command.addAll(List.of("-H", "127.0.0.1", "-p", String.valueOf(port)));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            if (configurable) {
                builder.environment().remove("MOTO_IAM_LOAD_MANAGED_POLICIES"); // the resets choose
            } else {
                builder.environment().put("MOTO_IAM_LOAD_MANAGED_POLICIES", "true");
            }
            managedPoliciesLoaded = !configurable;
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("could not start " + command, e);
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

    /** moto_server run through {@link #MOTO_LAUNCHER} by the Python it is installed in, or MOTO_SERVER as it is. */
    private static List<String> motoCommand() {
        String configured = System.getenv("MOTO_SERVER");
        if (configured != null && !configured.isBlank()) {
            configurable = false;
            return new ArrayList<>(List.of(configured));
        }
        String executable = findMoto();
        try {
            Path launcher = Path.of("target", "moto-launcher.py").toAbsolutePath();
            Files.createDirectories(launcher.getParent());
            Files.writeString(launcher, MOTO_LAUNCHER);
            configurable = true;
            return new ArrayList<>(List.of(python(executable), launcher.toString()));
        } catch (IOException e) {
            throw new IllegalStateException("could not write moto's launcher", e);
        }
    }

    /** The interpreter of moto_server's #! line, or python3 (a pyenv shim's line names bash). */
    private static String python(String executable) throws IOException {
        String first;
        try (var lines = Files.lines(Path.of(executable))) {
            first = lines.findFirst().orElse("");
        } catch (java.io.UncheckedIOException notText) {
            return "python3";
        }
        String interpreter = first.startsWith("#!") ? first.substring(2).trim().split("\\s+")[0] : "";
        return interpreter.contains("python") && new File(interpreter).canExecute() ? interpreter : "python3";
    }

    private static String findMoto() {
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
