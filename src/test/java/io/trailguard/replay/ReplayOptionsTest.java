package io.trailguard.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The report and read-back options: their values, and the combinations refused with a reason rather than ignored. */
class ReplayOptionsTest {

    @Test
    void reportAndFromAuditAreRead() {
        ReplayOptions local = ReplayOptions.parse("--report", "out/report.html", "logs/");
        assertEquals(Path.of("out/report.html"), local.report());
        assertEquals(List.of("logs/"), local.paths());
        ReplayOptions readBack = ReplayOptions.parse("--from-audit", "s3://audit/trailguard-audit/2026/12/01/");
        assertTrue(readBack.fromAudit());
        assertNull(readBack.report());
        assertEquals(List.of("s3://audit/trailguard-audit/2026/12/01/"), readBack.paths());
    }

    @Test
    void fromAuditNeedsAPathAndTakesNoFilter() {
        assertEquals("--from-audit needs the audit records' PATH or s3://bucket/prefix/",
                assertThrows(IllegalArgumentException.class, () -> ReplayOptions.parse("--from-audit")).getMessage());
        for (List<String> filter : List.of(List.of("--only", "s3-public-bucket"), List.of("--since", "2026-11-20"), List.of("--format", "json"))) {
            List<String> args = new ArrayList<>(List.of("--from-audit", "audit/"));
            args.addAll(filter);
            String message = assertThrows(IllegalArgumentException.class, () -> ReplayOptions.parse(args.toArray(String[]::new))).getMessage();
            assertTrue(message.startsWith("--from-audit reads a replay's decisions back as they were made"), message);
        }
        assertEquals("--report needs a value", assertThrows(IllegalArgumentException.class, () -> ReplayOptions.parse("--report")).getMessage());
    }
}
