package io.trailguard.infra;

import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** A moto_server of its own on a free port (the AWS emulator the application's tests use), stopped on close. */
final class Moto implements AutoCloseable {

    static final String ACCOUNT = "123456789012";
    static final String REGION = "us-east-1";

    private final Process process;
    private final String endpoint;

    private Moto(Process process, String endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    /** moto_server on the PATH (or MOTO_SERVER), if any. */
    static Optional<String> executable() {
        String configured = System.getenv("MOTO_SERVER");
        if (configured != null && !configured.isBlank()) {
            return Optional.of(configured);
        }
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .map(dir -> Path.of(dir, "moto_server")).filter(Files::isExecutable).map(Path::toString).findFirst();
    }

    static Moto start(Path log) throws IOException, InterruptedException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(executable().orElseThrow(), "-H", "127.0.0.1", "-p", String.valueOf(port))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Moto moto = new Moto(process, "http://127.0.0.1:" + port);
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("moto_server exited at start; see " + log);
            }
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create(moto.endpoint + "/moto-api/data.json").toURL().openConnection();
                if (c.getResponseCode() == 200) {
                    return moto;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(100);
        }
        moto.close();
        throw new IllegalStateException("moto_server did not answer on " + moto.endpoint + " within 60 s; see " + log);
    }

    String endpoint() {
        return endpoint;
    }

    /** A client of moto in the default account, with moto's placeholder credentials. */
    <B extends AwsClientBuilder<B, C>, C> C client(B builder) {
        return builder.endpointOverride(URI.create(endpoint)).region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"))).build();
    }

    S3Client s3() {
        return S3Client.builder().forcePathStyle(true).endpointOverride(URI.create(endpoint)).region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"))).build();
    }

    @Override
    public void close() {
        process.destroy();
    }
}
