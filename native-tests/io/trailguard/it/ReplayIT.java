package io.trailguard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.main.Launch;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainIntegrationTest;
import io.trailguard.policy.HandlerNames;

/** The packaged artifact's replay command over the bundled samples: every event read, decided, none malformed. */
@ForFunction(HandlerNames.ALL)
@QuarkusMainIntegrationTest
class ReplayIT {

    @Test
    @Launch({ "replay", "src/test/resources/events" })
    void replaysEverySampleInDryRun(LaunchResult result) {
        assertEquals(0, result.exitCode(), result.getOutput() + result.getErrorOutput());
        String out = result.getOutput();
        assertTrue(out.contains("replay, dry-run:"), out);
        // the summary table's rows: events counted, and the actions each policy would have taken
        assertRow(out, "malformed\\s+0");
        assertRow(out, "s3-public-bucket\\s+HIGH\\s+s3\\.remove-public-acl-grants\\s+\\d+");
        assertRow(out, "s3-public-bucket\\s+HIGH\\s+s3\\.block-public-access\\s+\\d+");
        assertRow(out, "cloudtrail-tampering\\s+CRITICAL\\s+cloudtrail\\.start-logging\\s+\\d+");
        assertRow(out, "iam-new-credentials\\s+HIGH\\s+iam\\.deactivate-access-key\\s+\\d+");
    }

    private static void assertRow(String out, String row) {
        assertTrue(Pattern.compile("^\\s*" + row + "\\s*$", Pattern.MULTILINE).matcher(out).find(), "no row /" + row + "/ in:\n" + out);
    }
}
