package io.trailguard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Dependencies point down: a package of io.trailguard uses only packages below it in {@link #LAYERS} (STYLE.md),
 * so the SPI and value types never depend on the runner, nor the runner on a policy. Packages on one line
 * (the commands: replay, catalog, sigma) are side by side: neither uses the other. The classes of io.trailguard itself (Main)
 * wire everything and may use anything; no package uses them.
 */
class PackageLayersTest {

    /** Top to bottom. */
    static final List<List<String>> LAYERS = List.of(
            List.of("handler"),
            List.of("replay", "catalog", "sigma"),
            List.of("policies"),
            // the engine runs the declarative rules beside the Java policies: rules/ reads, checks and builds them
            List.of("engine"),
            List.of("rules"),
            List.of("remediation"),
            List.of("notify"),
            List.of("predicates"),
            List.of("policy"),
            List.of("event"));

    private static final Path SOURCES = Path.of("src/main/java/io/trailguard");
    private static final Pattern REFERENCE = Pattern.compile("\\bio\\.trailguard\\.((?:[a-z0-9]+\\.)*)[A-Z]\\w*");

    @Test
    void noMainSourceUsesAPackageAboveItsOwn() throws IOException {
        List<String> upward = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(SOURCES)) {
            files = walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        for (Path file : files) {
            Path relative = SOURCES.relativize(file);
            String pkg = relative.getNameCount() == 1 ? "" : relative.getName(0).toString();
            upward.addAll(violations(relative.toString(), pkg, Files.readString(file)));
        }
        assertTrue(files.size() > 100, "the sources were found: " + files.size());
        assertEquals(List.of(), upward, "dependencies that run back up the layers");
    }

    @Test
    void aReferenceUpwardOrSidewaysIsReportedWithItsFileAndImport() {
        String source = """
                package io.trailguard.policy;
                import io.trailguard.event.TrailEvent;
                import io.trailguard.engine.PolicyRegistry;
                class Runner { io.trailguard.notify.Notifier notifier; }
                """;
        assertEquals(List.of("policy/Runner.java uses io.trailguard.engine.PolicyRegistry",
                "policy/Runner.java uses io.trailguard.notify.Notifier"), violations("policy/Runner.java", "policy", source));
        assertEquals(List.of("replay/X.java uses io.trailguard.catalog.PolicyCatalog"),
                violations("replay/X.java", "replay", "import io.trailguard.catalog.PolicyCatalog;"));
        assertEquals(List.of("event/X.java uses io.trailguard.Main"), violations("event/X.java", "event", "import io.trailguard.Main;"));
        assertEquals(List.of("remediation/X.java uses io.trailguard.policies.s3.PublicBucket"),
                violations("remediation/X.java", "remediation", "import io.trailguard.policies.s3.PublicBucket;"));
        assertEquals(List.of(), violations("Main.java", "", "import io.trailguard.handler.S3Handler;"));
    }

    /** Each reference in {@code source} to a class of a package that is not below {@code pkg}. */
    static List<String> violations(String file, String pkg, String source) {
        List<String> found = new ArrayList<>();
        if (pkg.isEmpty()) {
            return found;
        }
        int own = layer(pkg, file);
        Matcher reference = REFERENCE.matcher(source);
        while (reference.find()) {
            String used = reference.group(1).isEmpty() ? "" : reference.group(1).split("\\.")[0];
            if (used.equals(pkg)) {
                continue;
            }
            if (used.isEmpty() || layer(used, file) <= own) {
                found.add(file + " uses " + reference.group());
            }
        }
        return found;
    }

    private static int layer(String pkg, String file) {
        for (int i = 0; i < LAYERS.size(); i++) {
            if (LAYERS.get(i).contains(pkg)) {
                return i;
            }
        }
        throw new AssertionError(file + ": package io.trailguard." + pkg + " is in no layer; add it to PackageLayersTest.LAYERS");
    }
}
