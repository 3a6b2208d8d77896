package io.trailguard.infra;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

/**
 * A function's code as Lambda unpacks it into /var/task: function.zip's {@code bootstrap} (native, custom
 * runtime), or the JVM build's classes and lib/ (the managed Java runtime). {@link #start} runs it as a process
 * polling a runtime API, with exactly the environment given.
 */
final class PackagedFunction {

    private final Path task;

    private PackagedFunction(Path task) {
        this.task = task;
    }

    static PackagedFunction unzip(InputStream zip, Path into) throws IOException {
        Files.createDirectories(into);
        try (ZipInputStream in = new ZipInputStream(zip)) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                Path target = into.resolve(entry.getName()).normalize();
                if (!target.startsWith(into)) {
                    throw new IOException("zip entry outside the task root: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        Path bootstrap = into.resolve("bootstrap");
        if (Files.exists(bootstrap)) {
            bootstrap.toFile().setExecutable(true);
        }
        return new PackagedFunction(into);
    }

    boolean isNative() {
        return Files.exists(task.resolve("bootstrap"));
    }

    /** Whether the handler Lambda is configured with exists in the code: the bootstrap, or the handler's class. */
    boolean has(String handler) {
        if (isNative()) {
            return handler.equals("bootstrap");
        }
        String type = handler.contains("::") ? handler.substring(0, handler.indexOf("::")) : handler;
        String entry = type.replace('.', '/') + ".class";
        if (Files.exists(task.resolve(entry))) {
            return true;
        }
        try (Stream<Path> jars = Files.list(task.resolve("lib"))) {
            for (Path jar : jars.filter(j -> j.toString().endsWith(".jar")).toList()) {
                try (ZipFile zip = new ZipFile(jar.toFile())) {
                    if (zip.getEntry(entry) != null) {
                        return true;
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return false;
    }

    /**
     * The process: the bootstrap, or the JVM build's main on Lambda's Java class path (the task root, then lib/).
     * The managed runtime would call the handler through its runtime interface client instead; the application's
     * main polls the same runtime API with the same handler bean (QUARKUS_LAMBDA_HANDLER).
     */
    Process start(Map<String, String> environment, Path output) throws IOException {
        List<String> command = new ArrayList<>();
        if (isNative()) {
            command.add(task.resolve("bootstrap").toString());
        } else {
            Manifest manifest;
            try (InputStream in = Files.newInputStream(task.resolve("META-INF/MANIFEST.MF"))) {
                manifest = new Manifest(in);
            }
            command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:TieredStopAtLevel=1", "-cp", task + ":" + task.resolve("lib") + "/*",
                    manifest.getMainAttributes().getValue("Main-Class")));
        }
        ProcessBuilder builder = new ProcessBuilder(command).directory(task.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().clear();
        builder.environment().putAll(environment);
        return builder.start();
    }
}
