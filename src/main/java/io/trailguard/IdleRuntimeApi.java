package io.trailguard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

import io.quarkus.amazon.lambda.runtime.AmazonLambdaApi;
import io.quarkus.runtime.ImageMode;

/**
 * A Lambda runtime API that never hands out an event, for the terminal commands of the native binary: there
 * Quarkus always starts its runtime-API poll loop, which stops the application when no runtime API answers,
 * cutting a replay short. Pointed at this socket (accepted by the kernel, never answered) the loop just waits.
 */
final class IdleRuntimeApi {

    private static ServerSocket socket;

    private IdleRuntimeApi() {
    }

    static void installForNativeCommand() {
        if (ImageMode.current() != ImageMode.NATIVE_RUN || System.getProperty(AmazonLambdaApi.QUARKUS_INTERNAL_AWS_LAMBDA_TEST_API) != null) {
            return;
        }
        try {
            socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.setProperty(AmazonLambdaApi.QUARKUS_INTERNAL_AWS_LAMBDA_TEST_API, "127.0.0.1:" + socket.getLocalPort());
    }
}
