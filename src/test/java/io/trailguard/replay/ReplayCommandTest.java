package io.trailguard.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.quarkus.test.junit.QuarkusTest;
import io.trailguard.SampleEvents;

/** The replay command reads a directory of events, survives bad files, and counts what it would have done. */
@QuarkusTest
class ReplayCommandTest {

    @Inject
    ReplayCommand replay;

    @TempDir
    Path dir;

    @Test
    void summarisesFindingsSkipsAndRejections() throws Exception {
        Files.writeString(dir.resolve("a.json"), SampleEvents.read("s3-public-bucket", "put-bucket-acl-canned-public-read"));
        Files.createDirectories(dir.resolve("nested"));
        Files.writeString(dir.resolve("nested/b.json"), SampleEvents.read("s3-public-bucket", "failed-call-access-denied"));
        Files.writeString(dir.resolve("nested/broken.json"), "{\"detail-type\": ");
        Files.writeString(dir.resolve("ignored.txt"), "not an event file");

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exit = replay.run(new PrintStream(bytes, true, StandardCharsets.UTF_8), dir.toString());
        String out = bytes.toString(StandardCharsets.UTF_8);

        assertEquals(0, exit);
        assertTrue(out.contains("events read: 3, rejected: 1, matching no policy: 0"), out);
        assertTrue(out.contains("rejected " + dir.resolve("nested/broken.json") + ": malformed JSON"), out);
        assertTrue(out.contains("1  s3-public-bucket HIGH (would: [s3:PutBucketAcl, s3:PutBucketPublicAccessBlock])"), out);
        assertTrue(out.contains("1  s3-public-bucket: failed call (errorCode AccessDenied)"), out);
    }

    @Test
    void withoutPathsPrintsUsage() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        assertEquals(2, replay.run(new PrintStream(bytes, true, StandardCharsets.UTF_8)));
        assertTrue(bytes.toString(StandardCharsets.UTF_8).startsWith("usage: replay"));
    }
}
