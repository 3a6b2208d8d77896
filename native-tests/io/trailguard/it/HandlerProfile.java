package io.trailguard.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.trailguard.AwsCallRecorder;

/**
 * Runs the packaged function as one handler bean (quarkus.lambda.handler), as its own Lambda function would, with
 * its AWS call log on (target/aws-calls/native-tests-jar.jsonl or -native.jsonl, for infra's least-privilege check).
 * A new handler's IT names it in a nested {@code Profile extends HandlerProfile}.
 */
public abstract class HandlerProfile implements QuarkusTestProfile {

    protected abstract String handler();

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.lambda.handler", handler(), "trailguard.aws.call-log", callLog().toString());
    }

    /**
     * The call log of the artifact under test, started afresh once per test run (a system property: each IT's
     * profile may be loaded anew) so that a stale run proves nothing; every function the ITs start appends to it.
     */
    static Path callLog() {
        Path log = Path.of("target", "aws-calls", "native-tests-" + artifactType() + ".jsonl").toAbsolutePath();
        AwsCallRecorder.startAfresh(log);
        return log;
    }

    /** jar or native: what the build packaged last (the file Quarkus writes for @QuarkusIntegrationTest). */
    private static String artifactType() {
        Path artifact = Path.of("target", "quarkus-artifact.json");
        try {
            String type = Files.exists(artifact) ? new ObjectMapper().readTree(artifact.toFile()).path("type").asText("jar") : "jar";
            return type.startsWith("native") ? "native" : "jar";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
