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
    /**
     * Where {@link #offTheRecord} writes: beside the evidence, not in it (infra's check reads target/aws-calls/ only),
     * for a test of how calls are logged that makes calls no deployed function would make.
     */
    public static final Path OFF_THE_RECORD = Path.of("target", "aws-calls-off-the-record.jsonl");

    /** The settings of the function a plain test plays (asFunction), in place of the Quarkus configuration. */
    private static final ThreadLocal<Map<String, Object>> PLAYED = new ThreadLocal<>();
    private static final ThreadLocal<Boolean> DIVERTED = ThreadLocal.withInitial(() -> false);

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

    /**
     * As {@link #asFunction} with no settings, the lines written to {@link #OFF_THE_RECORD} instead: for a test of the
     * call log itself whose calls (any key, any bucket) are not evidence of what a function's role must allow.
     */
    public static <T> T offTheRecord(String handler, Supplier<T> work) {
        DIVERTED.set(true);
        try {
            return asFunction(handler, Map.of(), work);
        } finally {
            DIVERTED.set(false);
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
        Path file = DIVERTED.get() ? OFF_THE_RECORD : to;
        synchronized (AwsCallLog.class) {
            startAfresh(file);
            super.write(file, line);
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
