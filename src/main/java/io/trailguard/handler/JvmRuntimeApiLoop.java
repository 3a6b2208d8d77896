package io.trailguard.handler;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.microprofile.config.ConfigProvider;

import io.quarkus.amazon.lambda.runtime.AmazonLambdaApi;
import io.quarkus.amazon.lambda.runtime.AmazonLambdaRecorder;
import io.quarkus.runtime.ImageMode;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.ShutdownContext;

/**
 * Serves the Lambda runtime API from the JVM build run as a plain process ({@code java -jar ...-runner.jar} with
 * AWS_LAMBDA_RUNTIME_API set: a custom runtime, or the integration tests). Quarkus starts its poll loop itself
 * only in the native binary and in dev/test mode; under the managed Java runtime the RIC calls the handler and
 * Main never runs.
 */
public final class JvmRuntimeApiLoop {

    private final List<Runnable> stopTasks = new ArrayList<>();

    /** Whether this process is the JVM build asked to poll a runtime API that nothing else polls. */
    public static boolean needed() {
        return ImageMode.current() == ImageMode.JVM && LaunchMode.current() == LaunchMode.NORMAL
                && (System.getenv("AWS_LAMBDA_RUNTIME_API") != null || ConfigProvider.getConfig()
                        .getOptionalValue(AmazonLambdaApi.QUARKUS_INTERNAL_AWS_LAMBDA_TEST_API, String.class).isPresent());
    }

    /** Starts Quarkus's own poll loop (the one the native binary runs) on its daemon thread. */
    public void start() {
        // the recorder's loop reads the handler and mappers set at static init; its config value is unused here
        new AmazonLambdaRecorder(null).startPollLoop(new ShutdownContext() {
            @Override
            public void addShutdownTask(Runnable task) {
                stopTasks.add(task);
            }

            @Override
            public void addLastShutdownTask(Runnable task) {
                stopTasks.add(task);
            }
        }, LaunchMode.NORMAL);
    }

    public void stop() {
        stopTasks.forEach(Runnable::run);
    }
}
