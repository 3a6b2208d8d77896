package io.trailguard.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.trailguard.notify.ApiCall;
import io.trailguard.notify.AuditRecord;
import io.trailguard.policy.ActionResult;
import io.trailguard.policy.Severity;

/**
 * The report with 100,000 findings over 90 days from 12 policies: the charts stay aggregated (at most 60 bars of
 * at most 9 series), the findings table renders one page, and headless Chromium loads it without a console message.
 */
class HtmlReportScaleTest {

    static final int FINDINGS = 100_000;

    @TempDir
    Path dir;

    @Test
    void hundredThousandFindingsStayAggregatedAndPaged() throws Exception {
        ReplaySummary summary = new ReplaySummary();
        summary.tally = new FindingTally();
        Instant start = Instant.parse("2026-09-01T00:00:00Z");
        Severity[] severities = Severity.values();
        for (int i = 0; i < FINDINGS; i++) {
            String policy = "policy-" + (i % 12);
            Instant time = start.plusSeconds((long) i * 90 * 24 * 3600 / FINDINGS);
            ApiCall call = new ApiCall("event-" + i, "PutBucketAcl", "s3.amazonaws.com", "arn:aws:iam::123456789012:user/u" + (i % 500),
                    "123456789012", "us-east-1", "198.51.100." + (i % 200), time.toString());
            AuditRecord.Conclusion conclusion = new AuditRecord.Conclusion("AWS::S3::Bucket b-" + (i % 3000), "dry-run", false, true,
                    severities[i % severities.length].name(), "bucket made public", List.of("canned ACL public-read"), null, null, null);
            AuditRecord.Outcome outcome = new AuditRecord.Outcome(null, List.of(new ActionResult("s3.block-public-access", "b-" + (i % 3000),
                    ActionResult.WOULD_APPLY, null)), null, null, 5L);
            summary.decided++;
            summary.record(new AuditRecord(AuditRecord.DECISION, time.toString(), "replay", policy, call, conclusion, outcome, null));
        }
        summary.read = summary.decided;
        Path html = dir.resolve("big.html");
        new HtmlReport(summary, summary.tally, new ObjectMapper()).write(html, "synthetic");

        HtmlReportBrowserTest.Browser page = HtmlReportBrowserTest.Browser.open(html);
        assertEquals(List.of(), page.console());
        assertEquals("yes", page.attribute("body", "data-ready"));
        List<String> marks = page.marks("timeline", "data-series", "data-start");
        assertTrue(marks.size() <= HtmlReport.MAX_BUCKETS * (HtmlReport.MAX_SERIES + 1), marks.size() + " timeline marks");
        assertEquals(FINDINGS, marks.stream().mapToLong(m -> Long.parseLong(m.substring(m.lastIndexOf('=') + 1))).sum(),
                "the marks add up to every finding");
        assertTrue(marks.stream().anyMatch(m -> m.startsWith("other@")), "policies beyond the eighth are one series");
        assertEquals(12, page.marks("by-policy", "data-key", null).size());
        assertEquals(HtmlReport.PAGE_ROWS, page.rows("findings", "<tr class=\"finding\">"), "one page of rows in the DOM");
        assertEquals(HtmlReport.TOP, page.rows("top-principals", "<tr>"));
        assertTrue(Files.size(html) < 60_000_000, Files.size(html) + " bytes");
    }
}
