package io.trailguard.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.junit.QuarkusTest;
import io.trailguard.SampleEvents;

/**
 * {@code replay --report} opened in headless Chromium: over a known history the page runs its script without a
 * console message or error, the charts carry one mark per policy-hour and per severity and policy, the tables the
 * expected rows, event text stays text (no markup from a crafted field runs), and a screenshot lands in target/.
 */
@QuarkusTest
class HtmlReportBrowserTest {

    static final Path SCREENSHOT = Path.of("target", "replay-report.png");
    /** The README's picture (src/docs/replay-report.png is a copy). */
    static final Path SAMPLES_SCREENSHOT = Path.of("target", "replay-report-samples.png");
    static final String CRAFTED_IP = "<img src=x onerror=\"document.body.dataset.pwned='yes'\">";

    @Inject
    ReplayCommand replay;
    @Inject
    ObjectMapper mapper;

    @TempDir
    Path dir;

    @Test
    void knownHistoryRendersExpectedMarksAndRowsWithoutConsoleErrors() throws Exception {
        // two s3-public-bucket findings in the same hour (HIGH, and MEDIUM for the denied attempt), one
        // cloudtrail-tampering finding the next day, one exempt principal set aside, one malformed file
        write("a.json", event("s3-public-bucket", "put-bucket-acl-canned-public-read", "2026-11-20T10:05:00Z", CRAFTED_IP));
        write("b.json", event("s3-public-bucket", "failed-call-access-denied", "2026-11-20T10:40:00Z", null));
        write("c.json", event("cloudtrail-tampering", "stop-logging-by-name", "2026-11-21T09:00:00Z", null));
        write("d.json", event("cloudtrail-tampering", "exempt-principal-break-glass", "2026-11-21T09:30:00Z", null));
        Files.writeString(dir.resolve("broken.json"), "{\"detail-type\": ");
        Path html = dir.resolve("out/report.html");

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = replay.run(new PrintStream(out, true, StandardCharsets.UTF_8), "--report", html.toString(), dir.toString());
        assertEquals(0, exit, out.toString(StandardCharsets.UTF_8));
        String written = Files.readString(html);
        assertFalse(written.contains("http://") || written.contains("https://cdn"), "self-contained: nothing to fetch");

        Browser page = Browser.open(html);
        assertEquals(List.of(), page.console(), "console messages");
        assertEquals("yes", page.attribute("body", "data-ready"), "the script ran to its end");
        assertEquals("", page.attribute("body", "data-errors"));
        assertEquals("", page.attribute("body", "data-pwned"), "a crafted source IP stays text");

        // the span is a day: one-hour bars, one mark per policy and hour with findings
        assertEquals(List.of("s3-public-bucket@2026-11-20T10:00:00Z=2", "cloudtrail-tampering@2026-11-21T09:00:00Z=1"),
                page.marks("timeline", "data-series", "data-start"));
        assertEquals(List.of("CRITICAL=1", "HIGH=1", "MEDIUM=1"), page.marks("by-severity", "data-key", null));
        assertEquals(List.of("s3-public-bucket=2", "cloudtrail-tampering=1"), page.marks("by-policy", "data-key", null));
        assertEquals(3, page.rows("findings", "<tr class=\"finding\">"));
        assertEquals(1, page.rows("set-aside", "<tr>"));
        assertEquals(1, page.rows("malformed", "<tr>"));
        // the HIGH finding's two actions and the CRITICAL one's; the denied attempt's would not have been taken
        assertEquals(3, page.rows("would-apply", "<tr>"));
        assertTrue(page.dom.contains("&lt;img src=x"), "the crafted IP shown as text");

        Files.createDirectories(SCREENSHOT.getParent());
        Files.deleteIfExists(SCREENSHOT);
        Browser.screenshot(html, SCREENSHOT);
        assertTrue(Files.size(SCREENSHOT) > 10_000, "a screenshot of the page");
    }

    @Test
    void bundledSamplesRenderWithoutConsoleErrors() throws Exception {
        Path html = dir.resolve("samples.html");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, replay.run(new PrintStream(out, true, StandardCharsets.UTF_8), "--report", html.toString(), "src/samples"));
        String text = out.toString(StandardCharsets.UTF_8);

        Browser page = Browser.open(html);
        assertEquals(List.of(), page.console(), "console messages");
        assertEquals("yes", page.attribute("body", "data-ready"));
        // one bar per policy with a finding, as many as the summary table's policies with findings
        long withFindings = text.lines().filter(l -> l.matches("\\s+[a-z0-9-]+\\s+\\d+\\s+[1-9][0-9]*\\s+\\d+\\s+.*")).count();
        assertEquals(withFindings, page.marks("by-policy", "data-key", null).size(), text);
        Browser.screenshot(html, SAMPLES_SCREENSHOT);
        assertTrue(Files.size(SAMPLES_SCREENSHOT) > 10_000);
    }

    private String event(String policy, String sample, String time, String sourceIp) throws IOException {
        ObjectNode event = (ObjectNode) mapper.readTree(SampleEvents.read(policy, sample));
        ObjectNode detail = (ObjectNode) event.get("detail");
        detail.put("eventTime", time);
        event.put("time", time);
        if (sourceIp != null) {
            detail.put("sourceIPAddress", sourceIp);
        }
        return mapper.writeValueAsString(event);
    }

    private void write(String name, String content) throws IOException {
        Files.writeString(dir.resolve(name), content);
    }

    /** A page as headless Chromium left it after its scripts ran: the DOM, and what it logged to the console. */
    record Browser(String dom, String log) {

        static Browser open(Path html) throws IOException, InterruptedException {
            Path err = Files.createTempFile("chromium", ".log");
            Process chromium = start(err, "--enable-logging=stderr", "--v=0", "--dump-dom", html.toUri().toString());
            String dom = new String(chromium.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            finish(chromium);
            return new Browser(dom, Files.readString(err));
        }

        static void screenshot(Path html, Path png) throws IOException, InterruptedException {
            Path err = Files.createTempFile("chromium", ".log");
            Process chromium = start(err, "--window-size=1280,2200", "--screenshot=" + png.toAbsolutePath(), html.toUri().toString());
            chromium.getInputStream().readAllBytes();
            finish(chromium);
        }

        private static Process start(Path err, String... args) throws IOException {
            String binary = chromium();
            List<String> command = new ArrayList<>(List.of(binary, "--headless", "--no-sandbox", "--disable-gpu",
                    "--no-first-run", "--disable-extensions", "--user-data-dir=" + Files.createTempDirectory("chromium-profile")));
            command.addAll(List.of(args));
            return new ProcessBuilder(command).redirectError(err.toFile()).start();
        }

        private static void finish(Process chromium) throws InterruptedException {
            if (!chromium.waitFor(120, TimeUnit.SECONDS)) {
                chromium.destroyForcibly();
                throw new AssertionError("headless Chromium did not finish in 120 s");
            }
        }

        private static String chromium() {
            for (String candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")) {
                if (Files.isExecutable(Path.of(candidate))) {
                    return candidate;
                }
            }
            throw new AssertionError("the report test needs headless Chromium: apt-get install chromium (.ci/run installs it)");
        }

        /** The page's console lines (Chromium logs every level as INFO:CONSOLE). */
        List<String> console() {
            return log.lines().filter(l -> l.contains(":CONSOLE")).toList();
        }

        String attribute(String element, String name) {
            Matcher m = Pattern.compile("<" + element + "\\b[^>]*\\b" + name + "=\"([^\"]*)\"").matcher(dom);
            return m.find() ? m.group(1) : "";
        }

        /** The chart's marks in document order, as {@code key=count} or {@code key@start=count}. */
        List<String> marks(String svgId, String keyAttribute, String startAttribute) {
            String svg = element("<svg id=\"" + svgId + "\"", "</svg>");
            List<String> marks = new ArrayList<>();
            Matcher m = Pattern.compile("<rect class=\"mark\"[^>]*>").matcher(svg);
            while (m.find()) {
                String rect = m.group();
                marks.add(value(rect, keyAttribute) + (startAttribute != null ? "@" + value(rect, startAttribute) : "") + "="
                        + value(rect, "data-count"));
            }
            return marks;
        }

        int rows(String tableId, String row) {
            String tbody = element("<table", "</table>", "id=\"" + tableId + "\"");
            int n = 0;
            for (int i = tbody.indexOf("<tbody>"); (i = tbody.indexOf(row, i + 1)) >= 0;) {
                n++;
            }
            return n;
        }

        private String element(String open, String close) {
            int start = dom.indexOf(open);
            assertTrue(start >= 0, "no " + open + " in the page");
            return dom.substring(start, dom.indexOf(close, start));
        }

        private String element(String open, String close, String with) {
            int start = dom.indexOf(with);
            assertTrue(start >= 0, "no " + with + " in the page");
            start = dom.lastIndexOf(open, start);
            return dom.substring(start, dom.indexOf(close, start));
        }

        private static String value(String tag, String attribute) {
            Matcher m = Pattern.compile(attribute + "=\"([^\"]*)\"").matcher(tag);
            return m.find() ? m.group(1) : "";
        }
    }
}
