package io.trailguard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import org.jboss.logging.MDC;

import io.trailguard.remediation.AwsCallLog;

/**
 * The AWS call log of the unit tests (target/aws-calls/unit-tests.jsonl, in the product's line format) for infra's
 * least-privilege check (infra/…/LeastPrivilegeTest). A call counts as the function's when it is made inside an
 * invocation or a decision (the logging context names them), or inside {@link #asFunction}, so the tests' own
 * setup and read-back calls are left out. Installed, like {@link AwsCallCounter}, through the SDK's global
 * interceptor list.
 */
public class AwsCallRecorder extends AwsCallLog {

    static final Path FILE = Path.of("target", "aws-calls", "unit-tests.jsonl");

    /** The settings of the function a plain test plays (asFunction), in place of the Quarkus configuration. */
    private static final ThreadLocal<Map<String, Object>> PLAYED = new ThreadLocal<>();

    public AwsCallRecorder() {
        super(FILE);
    }

    /**
     * Runs {@code work} as the function {@code handler} configured with {@code settings} (full keys, e.g.
     * trailguard.rules.ssm-parameter) would: a plain test's calls of the code a function runs at start-up are recorded
     * as that function's.
     */
    public static <T> T asFunction(String handler, Map<String, String> settings, Supplier<T> work) {
        Map<String, Object> deployment = new LinkedHashMap<>();
        settings.forEach((key, value) -> deployment.put(key.substring("trailguard.".length()), value));
        MDC.put("handler", handler);
        PLAYED.set(deployment);
        try {
            return work.get();
        } finally {
            PLAYED.remove();
            MDC.remove("handler");
        }
    }

    @Override
    protected String handler() {
        return (String) MDC.get("handler");
    }

    @Override
    protected String ownAccount() {
        return MotoServer.ACCOUNT;
    }

    @Override
    protected String defaultRegion() {
        return MotoServer.REGION;
    }

    @Override
    protected Map<String, Object> deployment() {
        Map<String, Object> played = PLAYED.get();
        return played != null ? played : super.deployment();
    }

    @Override
    protected void write(Path to, String line) {
        synchronized (AwsCallLog.class) {
            startAfresh(to);
            super.write(to, line);
        }
    }

    /**
     * Deletes {@code file} the first time this test JVM asks, so that a stale run proves nothing: a system property
     * remembers it, since each Quarkus restart (and each integration test's profile) loads the classes anew.
     */
    public static void startAfresh(Path file) {
        String started = "io.trailguard.aws-calls.started:" + file.toAbsolutePath();
        if (System.getProperty(started) == null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            System.setProperty(started, "true");
        }
    }
}
