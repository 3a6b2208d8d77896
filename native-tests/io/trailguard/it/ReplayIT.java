package io.trailguard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.main.Launch;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainIntegrationTest;

/** The packaged artifact's replay command over the bundled samples: every event read, decided, none rejected. */
@QuarkusMainIntegrationTest
class ReplayIT {

    @Test
    @Launch({ "replay", "src/test/resources/events" })
    void replaysEverySampleInDryRun(LaunchResult result) {
        assertEquals(0, result.exitCode(), result.getOutput() + result.getErrorOutput());
        String out = result.getOutput();
        assertTrue(out.contains("rejected: 0,"), out);
        assertTrue(out.contains("s3-public-bucket HIGH (would: [s3:PutBucketAcl, s3:PutBucketPublicAccessBlock])"), out);
        assertTrue(out.contains("cloudtrail-tampering CRITICAL (would: [cloudtrail:StartLogging])"), out);
        assertTrue(out.contains("iam-new-credentials"), out);
    }
}
