package io.trailguard;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * An HTTPS endpoint on 127.0.0.1 in front of moto's plain HTTP port, with a certificate made for it by the JDK's
 * keytool: a function pointed at it makes its AWS calls over TLS, as it does in AWS, against the same emulator state
 * the tests set up and read over HTTP. Its trust store is what the function is given in {@code javax.net.ssl.trustStore}.
 */
final class TlsFront {

    static final String PASSWORD = "changeit";

    private final ServerSocket server;
    private final int backendPort;
    private final Path trustStore;
    private final AtomicInteger handshakes = new AtomicInteger();

    private TlsFront(ServerSocket server, int backendPort, Path trustStore) {
        this.server = server;
        this.backendPort = backendPort;
        this.trustStore = trustStore;
    }

    /** Listens on a free port, in front of moto on {@code backendPort}; its key and trust store are written to {@code dir}. */
    static TlsFront start(int backendPort, Path dir) {
        try {
            Files.createDirectories(dir);
            Path keyStore = dir.resolve("front-key.p12");
            Path certificate = dir.resolve("front.cer");
            Path trustStore = dir.resolve("front-trust.p12");
            for (Path file : List.of(keyStore, certificate, trustStore)) {
                Files.deleteIfExists(file);
            }
            keytool("-genkeypair", "-alias", "front", "-keyalg", "RSA", "-keysize", "2048", "-validity", "7",
                    "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-storetype", "PKCS12", "-keystore", keyStore.toString(),
                    "-storepass", PASSWORD, "-keypass", PASSWORD);
            keytool("-exportcert", "-alias", "front", "-keystore", keyStore.toString(), "-storepass", PASSWORD, "-file", certificate.toString());
            keytool("-importcert", "-noprompt", "-alias", "front", "-file", certificate.toString(), "-storetype", "PKCS12",
                    "-keystore", trustStore.toString(), "-storepass", PASSWORD);

            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keyStore)) {
                keys.load(in, PASSWORD.toCharArray());
            }
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keys, PASSWORD.toCharArray());
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(keyManagers.getKeyManagers(), null, null);
            ServerSocket server = tls.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
            TlsFront front = new TlsFront(server, backendPort, trustStore);
            Thread acceptor = new Thread(front::accept, "tls-front");
            acceptor.setDaemon(true);
            acceptor.start();
            return front;
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException("could not start the TLS front for moto", e);
        }
    }

    String endpoint() {
        return "https://127.0.0.1:" + server.getLocalPort();
    }

    Path trustStore() {
        return trustStore;
    }

    /** TLS handshakes completed so far: the calls that reached moto through this front, not around it. */
    int handshakes() {
        return handshakes.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Thread connection = new Thread(() -> relay((SSLSocket) client), "tls-front-connection");
                connection.setDaemon(true);
                connection.start();
            } catch (IOException e) {
                if (server.isClosed()) {
                    return;
                }
            }
        }
    }

    private void relay(SSLSocket client) {
        try (client; Socket backend = new Socket()) {
            client.startHandshake();
            handshakes.incrementAndGet();
            backend.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), backendPort));
            Thread answers = new Thread(() -> pump(backend, client), "tls-front-answers");
            answers.setDaemon(true);
            answers.start();
            pump(client, backend);
            answers.join();
        } catch (IOException | InterruptedException e) {
            // a client that went away, or a handshake it refused: its own side reports that
        }
    }

    /** Copies {@code from} to {@code to} until {@code from} ends, then ends {@code to}'s output. */
    private static void pump(Socket from, Socket to) {
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            byte[] buffer = new byte[16384];
            for (int n; (n = in.read(buffer)) >= 0;) {
                out.write(buffer, 0, n);
                out.flush();
            }
            if (to instanceof SSLSocket) {
                to.close();
            } else {
                to.shutdownOutput();
            }
        } catch (IOException e) {
            try {
                to.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    private static void keytool(String... args) throws IOException {
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        List<String> command = new java.util.ArrayList<>(List.of(keytool));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        try {
            if (process.waitFor() != 0) {
                throw new IOException("keytool " + args[0] + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
