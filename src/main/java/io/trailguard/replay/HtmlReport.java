package io.trailguard.replay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.trailguard.policy.Severity;

/**
 * The replay as one self-contained HTML page: inline CSS, SVG and script, nothing fetched (its Content-Security-Policy
 * forbids it), so it opens from disk anywhere. Charts are aggregated server-side (at most {@link #MAX_BUCKETS} ×
 * {@link #MAX_SERIES} timeline marks whatever the history), and the findings table renders one page of rows at a time.
 */
final class HtmlReport {

    static final int MAX_BUCKETS = 60;
    static final int MAX_SERIES = 8;
    static final int TOP = 15;
    static final int PAGE_ROWS = 100;

    private static final long HOUR = 3600;
    private static final long[] BUCKET_HOURS = {1, 3, 6, 12, 24, 24 * 7, 24 * 30};
    private static final String[] PALETTE = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#9e9e9e"};
    private static final Map<Severity, String> SEVERITY_COLOURS = Map.of(Severity.CRITICAL, "#7f0000", Severity.HIGH, "#d84315",
            Severity.MEDIUM, "#f9a825", Severity.LOW, "#1565c0", Severity.INFO, "#78909c");
    private static final DateTimeFormatter LABEL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

    private final ReplaySummary summary;
    private final FindingTally tally;
    private final ObjectMapper mapper;
    private final StringBuilder html = new StringBuilder(64 * 1024);

    HtmlReport(ReplaySummary summary, FindingTally tally, ObjectMapper mapper) {
        this.summary = summary;
        this.tally = tally;
        this.mapper = mapper;
    }

    void write(Path file, String source) {
        try {
            if (file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            Files.writeString(file, render(source), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the report to " + file, e);
        }
    }

    String render(String source) {
        html.setLength(0);
        html.append("""
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8">
                <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>trailguard replay report</title>
                <style>
                body{font:14px/1.4 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0 auto;max-width:1200px;padding:16px 24px;color:#222;background:#fafafa}
                h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}
                .sub{color:#666;margin:0 0 12px}.cards{display:flex;flex-wrap:wrap;gap:10px}
                .card{background:#fff;border:1px solid #ddd;border-radius:6px;padding:8px 14px;min-width:110px}
                .card b{display:block;font-size:20px}.card span{color:#666;font-size:12px}
                .row{display:flex;flex-wrap:wrap;gap:24px}.row>div{flex:1;min-width:320px}
                svg{background:#fff;border:1px solid #ddd;border-radius:6px}svg text{font-size:11px;fill:#444}
                table{border-collapse:collapse;background:#fff;width:100%;font-size:13px}
                th,td{border:1px solid #e0e0e0;padding:3px 6px;text-align:left;vertical-align:top;word-break:break-word}
                th{background:#f0f0f0;cursor:pointer;user-select:none;white-space:nowrap}th.asc::after{content:" \\25B2"}th.desc::after{content:" \\25BC"}
                td.n{text-align:right;font-variant-numeric:tabular-nums}.legend span{display:inline-block;margin-right:12px;font-size:12px}
                .legend i{display:inline-block;width:10px;height:10px;margin-right:4px;vertical-align:middle}
                .sev{font-weight:600}.sev-CRITICAL{color:#7f0000}.sev-HIGH{color:#d84315}.sev-MEDIUM{color:#b28704}.sev-LOW{color:#1565c0}.sev-INFO{color:#78909c}
                .pager{margin:6px 0}.pager button{margin-right:6px}.pager input{margin-left:12px;width:260px}.muted{color:#777}
                </style></head><body>
                """);
        header(source);
        timeline();
        html.append("<div class=\"row\"><div><h2>Findings by severity</h2>");
        severityChart();
        html.append("</div><div><h2>Findings by policy</h2>");
        policyChart();
        html.append("</div></div>\n");
        tops();
        actions();
        findings();
        setAside();
        malformed();
        html.append("<script>\n").append(SCRIPT).append("</script>\n</body></html>\n");
        return html.toString();
    }

    private void header(String source) {
        html.append("<h1>trailguard replay report</h1>\n<p class=\"sub\">").append(esc(source)).append(" · generated ")
                .append(LABEL.format(Instant.now())).append(" UTC · dry-run: no AWS call was made, no alert was sent</p>\n<div class=\"cards\">");
        long skipped = summary.skipped.values().stream().mapToLong(Long::longValue).sum();
        card(summary.read, "events read");
        card(summary.decided, "decided");
        card(tally.findings, "findings");
        html.append("<div class=\"card\" id=\"highest\"><b class=\"sev sev-").append(summary.highest != null ? summary.highest.name() : "none")
                .append("\">").append(summary.highest != null ? summary.highest.name() : "none").append("</b><span>highest severity</span></div>");
        card(summary.policies.values().stream().mapToLong(c -> c.skipped).sum(), "set aside (exempt, safety)");
        card(skipped, "events skipped");
        card(summary.malformed, "malformed");
        card(summary.files, "files");
        html.append("</div>\n");
    }

    private void card(long n, String label) {
        html.append("<div class=\"card\"><b>").append(String.format(Locale.ROOT, "%,d", n)).append("</b><span>").append(esc(label)).append("</span></div>");
    }

    /** Findings per policy over the time of the calls: stacked bars, the biggest policies each a colour, the rest as "other". */
    private void timeline() {
        html.append("<h2>Findings over time</h2>\n");
        if (tally.hourly.isEmpty()) {
            html.append("<p class=\"muted\" id=\"timeline-empty\">no finding with a readable event time</p>\n");
            return;
        }
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        Map<String, Long> totals = new TreeMap<>();
        for (Map.Entry<String, Map<Long, Long>> policy : tally.hourly.entrySet()) {
            Map<Long, Long> hours = policy.getValue();
            first = Math.min(first, ((TreeMap<Long, Long>) hours).firstKey());
            last = Math.max(last, ((TreeMap<Long, Long>) hours).lastKey());
            totals.put(policy.getKey(), hours.values().stream().mapToLong(Long::longValue).sum());
        }
        long bucket = bucketSeconds(first, last);
        long start = Math.floorDiv(first, bucket) * bucket;
        int buckets = (int) ((last - start) / bucket) + 1;
        List<String> series = totals.entrySet().stream()
                .sorted(Comparator.<Map.Entry<String, Long>>comparingLong(Map.Entry::getValue).reversed().thenComparing(Map.Entry::getKey))
                .map(Map.Entry::getKey).toList();
        List<String> shown = series.size() <= MAX_SERIES + 1 ? series : series.subList(0, MAX_SERIES);
        Map<String, long[]> counts = new LinkedHashMap<>();
        shown.forEach(p -> counts.put(p, new long[buckets]));
        if (shown.size() < series.size()) {
            counts.put("other", new long[buckets]);
        }
        tally.hourly.forEach((policy, hours) -> {
            long[] row = counts.getOrDefault(policy, counts.get("other"));
            hours.forEach((hour, n) -> row[(int) ((hour - start) / bucket)] += n);
        });
        long max = 1;
        for (int b = 0; b < buckets; b++) {
            long sum = 0;
            for (long[] row : counts.values()) {
                sum += row[b];
            }
            max = Math.max(max, sum);
        }
        int width = 1140;
        int height = 260;
        int left = 44;
        int bottom = 28;
        int top = 10;
        double plotWidth = width - left - 10;
        double plotHeight = height - bottom - top;
        double barWidth = plotWidth / buckets;
        html.append("<svg id=\"timeline\" width=\"").append(width).append("\" height=\"").append(height)
                .append("\" role=\"img\" aria-label=\"findings over time\" data-bucket-hours=\"").append(bucket / HOUR).append("\">");
        axis(left, top, plotHeight, max);
        for (int b = 0; b < buckets; b++) {
            double y = top + plotHeight;
            int colour = 0;
            for (Map.Entry<String, long[]> row : counts.entrySet()) {
                long n = row.getValue()[b];
                String fill = "other".equals(row.getKey()) ? PALETTE[PALETTE.length - 1] : PALETTE[colour % PALETTE.length];
                colour++;
                if (n == 0) {
                    continue;
                }
                double h = Math.max(1, n * plotHeight / max);
                y -= h;
                html.append(String.format(Locale.ROOT, "<rect class=\"mark\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\" data-series=\"%s\" data-start=\"%s\" data-count=\"%d\"><title>%s · %s · %,d</title></rect>",
                        left + b * barWidth + 0.5, y, Math.max(1, barWidth - 1), h, fill, esc(row.getKey()),
                        Instant.ofEpochSecond(start + b * bucket), n, esc(row.getKey()), LABEL.format(Instant.ofEpochSecond(start + b * bucket)), n));
            }
        }
        for (int b : new int[] {0, buckets / 2, buckets - 1}) {
            html.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"%s\">%s</text>", left + b * barWidth + barWidth / 2, height - 8,
                    b == 0 ? "start" : b == buckets - 1 ? "end" : "middle", LABEL.format(Instant.ofEpochSecond(start + b * bucket))));
        }
        html.append("</svg>\n<div class=\"legend\">");
        int colour = 0;
        for (String name : counts.keySet()) {
            String fill = "other".equals(name) ? PALETTE[PALETTE.length - 1] : PALETTE[colour % PALETTE.length];
            colour++;
            html.append("<span><i style=\"background:").append(fill).append("\"></i>").append(esc(name)).append("</span>");
        }
        html.append("<span class=\"muted\">each bar: ").append(bucketLabel(bucket)).append(tally.withoutTime > 0
                ? String.format(Locale.ROOT, " · %,d findings without a readable event time are not shown", tally.withoutTime) : "").append("</span></div>\n");
    }

    /** The smallest usual bucket (an hour, 3 h … a month) that keeps the timeline at or under {@link #MAX_BUCKETS} bars. */
    static long bucketSeconds(long first, long last) {
        long spanHours = (last - first) / HOUR + 1;
        for (long hours : BUCKET_HOURS) {
            if ((spanHours + hours) / hours + 1 <= MAX_BUCKETS) {
                return hours * HOUR;
            }
        }
        return ((spanHours + MAX_BUCKETS - 2) / (MAX_BUCKETS - 2)) * HOUR;
    }

    private static String bucketLabel(long seconds) {
        long hours = seconds / HOUR;
        return hours % 24 == 0 ? (hours / 24) + (hours == 24 ? " day" : " days") : hours + (hours == 1 ? " hour" : " hours");
    }

    private void axis(int left, int top, double plotHeight, long max) {
        html.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%.1f\" stroke=\"#999\"/>", left, top, left, top + plotHeight));
        html.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%,d</text>", left - 4, top + 10, max));
        html.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">0</text>", left - 4, top + plotHeight));
    }

    private void severityChart() {
        Map<String, Long> bars = new LinkedHashMap<>();
        Map<String, String> fills = new LinkedHashMap<>();
        Severity[] severities = Severity.values();
        for (int i = severities.length - 1; i >= 0; i--) {
            int s = i;
            long n = summary.policies.values().stream().mapToLong(c -> c.bySeverity[s]).sum();
            if (n > 0) {
                bars.put(severities[i].name(), n);
                fills.put(severities[i].name(), SEVERITY_COLOURS.get(severities[i]));
            }
        }
        bars("by-severity", bars, fills);
    }

    private void policyChart() {
        Map<String, Long> bars = new LinkedHashMap<>();
        summary.policies.entrySet().stream().filter(e -> e.getValue().findings > 0)
                .sorted(Comparator.<Map.Entry<String, ReplaySummary.PolicyCounts>>comparingLong(e -> e.getValue().findings).reversed()
                        .thenComparing(Map.Entry::getKey))
                .forEach(e -> bars.put(e.getKey(), e.getValue().findings));
        bars("by-policy", bars, Map.of());
    }

    /** Horizontal bars, one mark per key; the policy chart lists every policy with a finding (a few dozen at most). */
    private void bars(String id, Map<String, Long> bars, Map<String, String> fills) {
        if (bars.isEmpty()) {
            html.append("<p class=\"muted\" id=\"").append(id).append("-empty\">no finding</p>\n");
            return;
        }
        long max = bars.values().stream().mapToLong(Long::longValue).max().orElse(1);
        int rowHeight = 20;
        int labelWidth = 210;
        int width = 560;
        int height = bars.size() * rowHeight + 8;
        html.append("<svg id=\"").append(id).append("\" width=\"").append(width).append("\" height=\"").append(height).append("\">");
        int i = 0;
        for (Map.Entry<String, Long> bar : bars.entrySet()) {
            double w = Math.max(1, bar.getValue() * (width - labelWidth - 70.0) / max);
            int y = 4 + i * rowHeight;
            html.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>", labelWidth - 6, y + 14, esc(bar.getKey())));
            html.append(String.format(Locale.ROOT, "<rect class=\"mark\" x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\" data-key=\"%s\" data-count=\"%d\"><title>%s: %,d</title></rect>",
                    labelWidth, y + 2, w, rowHeight - 5, fills.getOrDefault(bar.getKey(), PALETTE[0]), esc(bar.getKey()), bar.getValue(),
                    esc(bar.getKey()), bar.getValue()));
            html.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">%,d</text>", labelWidth + w + 4, y + 14, bar.getValue()));
            i++;
        }
        html.append("</svg>\n");
    }

    private void tops() {
        html.append("<div class=\"row\">");
        top("top-principals", "Top principals", "principal", tally.principals);
        top("top-resources", "Top resources", "resource", tally.resources);
        top("top-source-ips", "Top source IPs", "source IP", tally.sourceIps);
        html.append("</div>\n");
    }

    private void top(String id, String title, String column, Map<String, Long> counts) {
        html.append("<div><h2>").append(title).append("</h2>");
        List<Object[]> rows = new ArrayList<>();
        FindingTally.top(counts, TOP).forEach(e -> rows.add(new Object[] {e.getKey(), e.getValue()}));
        table(id, new String[] {column, "findings"}, rows);
        html.append("</div>");
    }

    private void actions() {
        html.append("<h2>Actions that would have been taken</h2>\n");
        List<Object[]> rows = new ArrayList<>();
        summary.actions.forEach((policy, bySeverity) -> bySeverity.entrySet().stream()
                .sorted((a, b) -> b.getKey().compareTo(a.getKey()))
                .forEach(s -> s.getValue().forEach((action, n) -> rows.add(new Object[] {policy, s.getKey().name(), action, n}))));
        table("would-apply", new String[] {"policy", "severity", "action", "count"}, rows);
    }

    private void findings() {
        html.append("<h2>Findings</h2>\n");
        if (tally.rows.size() < tally.findings) {
            html.append(String.format(Locale.ROOT, "<p class=\"muted\">the first %,d of %,d findings are listed; the charts and counts cover all of them</p>%n",
                    tally.rows.size(), tally.findings));
        }
        html.append("<div class=\"pager\" id=\"findings-pager\"><button type=\"button\" data-step=\"-1\">previous</button>"
                + "<button type=\"button\" data-step=\"1\">next</button><span id=\"findings-range\"></span>"
                + "<input type=\"search\" id=\"findings-filter\" placeholder=\"filter: any text in a row\"></div>\n");
        html.append("<table id=\"findings\"><thead><tr>");
        for (String column : FINDING_COLUMNS) {
            html.append("<th>").append(column).append("</th>");
        }
        html.append("</tr></thead><tbody></tbody></table>\n<script type=\"application/json\" id=\"findings-data\">");
        List<String[]> data = new ArrayList<>(tally.rows.size());
        for (FindingTally.Row r : tally.rows) {
            data.add(new String[] {r.time(), r.policy(), r.severity(), r.eventName(), r.principal(), r.account(), r.region(), r.sourceIp(),
                    r.resource(), r.reason(), r.actions(), r.mode(), r.eventId()});
        }
        try {
            // event fields are outside input: no "<" may close the script element early
            html.append(mapper.writeValueAsString(data).replace("<", "\\u003c"));
        } catch (JsonProcessingException e) {
            html.append("[]");
        }
        html.append("</script>\n");
    }

    private void setAside() {
        html.append("<h2>Set aside by exemptions and safety rules</h2>\n");
        List<Object[]> rows = new ArrayList<>();
        summary.policySkips.forEach((policy, whys) -> whys.forEach((why, n) -> rows.add(new Object[] {policy, why, n})));
        table("set-aside", new String[] {"policy", "set aside because", "count"}, rows);
        html.append("<h2>Events skipped before any policy</h2>\n");
        List<Object[]> skipped = new ArrayList<>();
        summary.skipped.forEach((why, n) -> skipped.add(new Object[] {why, n}));
        table("skipped", new String[] {"skipped because", "count"}, skipped);
    }

    private void malformed() {
        html.append("<h2>Malformed records</h2>\n");
        if (summary.malformed > summary.malformedShown.size()) {
            html.append(String.format(Locale.ROOT, "<p class=\"muted\">the first %,d of %,d</p>%n", summary.malformedShown.size(), summary.malformed));
        }
        List<Object[]> rows = new ArrayList<>();
        summary.malformedShown.forEach(m -> rows.add(new Object[] {m}));
        table("malformed", new String[] {"where: why"}, rows);
    }

    /** A table sorted by clicking a header (the script below); numbers are right-aligned and sort as numbers. */
    private void table(String id, String[] header, List<Object[]> rows) {
        if (rows.isEmpty()) {
            html.append("<p class=\"muted\" id=\"").append(id).append("-empty\">none</p>\n");
            return;
        }
        html.append("<table class=\"sortable\" id=\"").append(id).append("\"><thead><tr>");
        for (String column : header) {
            html.append("<th>").append(esc(column)).append("</th>");
        }
        html.append("</tr></thead><tbody>");
        for (Object[] row : rows) {
            html.append("<tr>");
            for (Object cell : row) {
                if (cell instanceof Number n) {
                    html.append("<td class=\"n\" data-v=\"").append(n.longValue()).append("\">").append(String.format(Locale.ROOT, "%,d", n.longValue())).append("</td>");
                } else {
                    html.append("<td>").append(esc(String.valueOf(cell))).append("</td>");
                }
            }
            html.append("</tr>");
        }
        html.append("</tbody></table>\n");
    }

    static String esc(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static final String[] FINDING_COLUMNS = {"event time", "policy", "severity", "event", "principal", "account", "region",
        "source IP", "resource", "reason", "would-be action", "mode", "event id"};

    /**
     * Sorting for every table, and the findings table's paging and filter: rows are built with textContent (event
     * fields are outside input, never markup). Errors land in body[data-errors] for the browser test to read.
     */
    private static final String SCRIPT = """
            (function () {
              'use strict';
              window.addEventListener('error', function (e) { document.body.dataset.errors = (document.body.dataset.errors || '') + e.message + '\\n'; });
              function key(td) { return td.dataset.v !== undefined ? Number(td.dataset.v) : td.textContent.toLowerCase(); }
              function compare(a, b) { return a < b ? -1 : a > b ? 1 : 0; }
              function mark(th) {
                var asc = !th.classList.contains('asc');
                th.parentNode.querySelectorAll('th').forEach(function (h) { h.classList.remove('asc', 'desc'); });
                th.classList.add(asc ? 'asc' : 'desc');
                return asc ? 1 : -1;
              }
              document.querySelectorAll('table.sortable').forEach(function (table) {
                table.querySelectorAll('th').forEach(function (th, col) {
                  th.addEventListener('click', function () {
                    var dir = mark(th), body = table.tBodies[0];
                    Array.prototype.slice.call(body.rows)
                      .sort(function (a, b) { return dir * compare(key(a.cells[col]), key(b.cells[col])); })
                      .forEach(function (tr) { body.appendChild(tr); });
                  });
                });
              });
              var all = JSON.parse(document.getElementById('findings-data').textContent), rows = all, page = 0, size = %d;
              var table = document.getElementById('findings'), body = table.tBodies[0], range = document.getElementById('findings-range');
              var severity = {INFO: 0, LOW: 1, MEDIUM: 2, HIGH: 3, CRITICAL: 4};
              function render() {
                var pages = Math.max(1, Math.ceil(rows.length / size));
                page = Math.min(Math.max(page, 0), pages - 1);
                var frag = document.createDocumentFragment();
                rows.slice(page * size, page * size + size).forEach(function (r) {
                  var tr = document.createElement('tr');
                  tr.className = 'finding';
                  r.forEach(function (v, i) {
                    var td = document.createElement('td');
                    td.textContent = v === null ? '' : v;
                    if (i === 2) { td.className = 'sev sev-' + v; }
                    tr.appendChild(td);
                  });
                  frag.appendChild(tr);
                });
                body.replaceChildren(frag);
                range.textContent = rows.length === 0 ? ' no findings' : ' rows ' + (page * size + 1) + '\\u2013' + Math.min(rows.length, page * size + size)
                  + ' of ' + rows.length + (rows.length < all.length ? ' (filtered from ' + all.length + ')' : '');
              }
              table.querySelectorAll('th').forEach(function (th, col) {
                th.addEventListener('click', function () {
                  var dir = mark(th);
                  function k(r) { return col === 2 ? (severity[r[col]] || 0) : (r[col] || '').toLowerCase(); }
                  rows = rows.slice().sort(function (a, b) { return dir * compare(k(a), k(b)); });
                  page = 0;
                  render();
                });
              });
              document.querySelectorAll('#findings-pager button').forEach(function (b) {
                b.addEventListener('click', function () { page += Number(b.dataset.step); render(); });
              });
              document.getElementById('findings-filter').addEventListener('input', function (e) {
                var q = e.target.value.toLowerCase();
                rows = q ? all.filter(function (r) { return r.join(' ').toLowerCase().indexOf(q) >= 0; }) : all;
                page = 0;
                render();
              });
              render();
              document.body.dataset.ready = 'yes';
            })();
            """.formatted(PAGE_ROWS);
}
