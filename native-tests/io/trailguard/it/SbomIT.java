package io.trailguard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The SBOM the build writes beside function.zip (target/bom.json, CycloneDX): it names the matcher and the AWS SDK
 * the function runs on, and every library jar function.zip ships (the JVM build; a native zip ships none).
 */
class SbomIT {

    static final Path BOM = Path.of("target", "bom.json");
    static final Path FUNCTION_ZIP = Path.of("target", "function.zip");

    @Test
    void listsEventRulerTheAwsSdkAndEveryJarOfFunctionZip() throws IOException {
        // the plugin declares it needs Maven online, so `./mvnw -o` skips it (it fetches nothing); CI builds online
        if (!"true".equals(System.getenv("CI"))) {
            assumeTrue(Files.exists(BOM), "no " + BOM + ": the CycloneDX plugin does not run under ./mvnw -o");
        }
        assertTrue(Files.exists(BOM), "the package phase writes " + BOM);
        JsonNode bom = new ObjectMapper().readTree(BOM.toFile());
        assertEquals("CycloneDX", bom.path("bomFormat").asText());
        Set<String> components = new HashSet<>();
        // how Quarkus names the jars of lib/: <group>.<artifact>-<version>[-<classifier>].jar
        Set<String> jarNames = new HashSet<>();
        for (JsonNode c : bom.path("components")) {
            String group = c.path("group").asText();
            String name = c.path("name").asText();
            components.add(group + ":" + name);
            jarNames.add(group + "." + name + "-" + c.path("version").asText());
        }
        assertTrue(components.contains("software.amazon.event.ruler:event-ruler"), "event-ruler in " + BOM);
        // what the signed calls use of the SDK: its signer, credentials and HTTP client; no service's client or protocol (their
        // modules test-scoped)
        for (String sdk : List.of("sdk-core", "aws-core", "http-auth-aws", "url-connection-client")) {
            assertTrue(components.contains("software.amazon.awssdk:" + sdk), "AWS SDK " + sdk + " in " + BOM);
        }
        for (String signed : List.of("s3", "s3control", "sts", "sns", "iam", "rds", "ec2", "aws-query-protocol")) {
            assertFalse(components.contains("software.amazon.awssdk:" + signed), "AWS SDK " + signed + " (signed calls) in " + BOM);
        }
        assertTrue(Files.exists(FUNCTION_ZIP), "the package phase writes " + FUNCTION_ZIP);
        List<String> missing = new ArrayList<>();
        int jars = 0;
        try (ZipFile zip = new ZipFile(FUNCTION_ZIP.toFile())) {
            for (var entries = zip.entries(); entries.hasMoreElements(); ) {
                String entry = entries.nextElement().getName();
                if (entry.startsWith("lib/") && entry.endsWith(".jar")) {
                    jars++;
                    String jar = entry.substring("lib/".length(), entry.length() - ".jar".length());
                    if (jarNames.stream().noneMatch(n -> jar.equals(n) || jar.startsWith(n + "-"))) {
                        missing.add(jar);
                    }
                }
            }
        }
        assertEquals(List.of(), missing, "jars of function.zip the SBOM does not list (" + jars + " jars)");
    }
}
