package io.trailguard.replay;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.trailguard.notify.ApiCall;
import io.trailguard.remediation.S3Objects;
import io.trailguard.notify.AuditRecord;
import io.trailguard.policy.ActionResult;
import io.trailguard.policy.Severity;

/**
 * Reads a replay's decisions back from the audit trail — the S3 audit archive ({@code s3://bucket/prefix/}), or its
 * objects downloaded, or Firehose's deliveries (JSON lines, gzip or not) — into the same summary and report a local
 * replay prints. Only replay lines count (handler {@code replay}); live decisions under the same prefix are passed
 * over, and a decision written twice (a Batch Operations task retried) is counted once.
 */
final class AuditArchiveReader {

    static final String REPLAY_HANDLER = "replay";
    private static final TypeReference<List<ActionResult>> ACTIONS = new TypeReference<>() {
    };
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    private final ObjectMapper mapper;
    private final Supplier<S3Objects> s3;
    private final ReplaySummary summary;
    private final Set<String> seen = new HashSet<>();
    final List<String> unmatched = new ArrayList<>();

    AuditArchiveReader(ObjectMapper mapper, Supplier<S3Objects> s3, ReplaySummary summary) {
        this.mapper = mapper;
        this.s3 = s3;
        this.summary = summary;
    }

    void read(List<String> paths) {
        List<String> local = new ArrayList<>();
        for (String path : paths) {
            if (path.startsWith("s3://")) {
                readBucket(path);
            } else {
                local.add(path);
            }
        }
        if (local.isEmpty()) {
            return;
        }
        ReplayFiles files = ReplayFiles.of(local);
        unmatched.addAll(files.unmatched());
        for (Path file : files.files()) {
            try (InputStream in = Files.newInputStream(file)) {
                read(in, file.toString());
            } catch (IOException e) {
                summary.malformed(file.toString(), "unreadable: " + e.getMessage());
            }
        }
    }

    private void readBucket(String url) {
        String rest = url.substring("s3://".length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String prefix = slash < 0 ? "" : rest.substring(slash + 1);
        S3Objects objects = s3.get();
        int before = summary.files;
        for (String key : objects.keys(bucket, prefix)) {
            try (InputStream in = objects.get(bucket, key, null)) {
                read(in, "s3://" + bucket + "/" + key);
            } catch (IOException e) {
                summary.malformed("s3://" + bucket + "/" + key, "unreadable: " + e.getMessage());
            }
        }
        if (summary.files == before) {
            unmatched.add(url);
        }
    }

    private void read(InputStream raw, String where) throws IOException {
        summary.files++;
        BufferedInputStream in = new BufferedInputStream(raw);
        in.mark(2);
        boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
        in.reset();
        BufferedReader lines = new BufferedReader(new InputStreamReader(gzip ? new GZIPInputStream(in) : in, StandardCharsets.UTF_8));
        int number = 0;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            number++;
            if (!line.isBlank()) {
                line(line, where + ":" + number);
            }
        }
    }

    private void line(String text, String where) {
        summary.read++;
        JsonNode line;
        try {
            line = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            summary.malformed(where, "not an audit line: " + e.getOriginalMessage());
            return;
        }
        if (!REPLAY_HANDLER.equals(line.path("handler").asText())) {
            summary.passedOver++;
            return;
        }
        String type = line.path("type").asText();
        if (AuditRecord.REJECTED.equals(type)) {
            // the replay's own rejections: the malformed records of the log files, told where they were in them
            String reason = line.path("reason").asText("rejected");
            int colon = reason.indexOf(": ");
            if (seen.add("rejected|" + reason)) {
                summary.malformed(colon > 0 ? reason.substring(0, colon) : where, colon > 0 ? reason.substring(colon + 2) : reason);
            } else {
                summary.duplicates++;
            }
            return;
        }
        if (!AuditRecord.DECISION.equals(type)) {
            return;
        }
        AuditRecord record;
        try {
            record = record(line);
        } catch (IllegalArgumentException e) {
            summary.malformed(where, "not an audit line: " + e.getMessage());
            return;
        }
        if (record.eventId() != null && !seen.add(record.eventId() + "|" + record.policy())) {
            summary.duplicates++;
            return;
        }
        summary.decided++;
        summary.record(record);
    }

    /** The line as written by the audit log (its nested parts unwrapped): Jackson cannot unwrap into a record, so by hand. */
    private AuditRecord record(JsonNode line) {
        String severity = text(line, "severity");
        if (severity != null) {
            Severity.valueOf(severity);
        }
        if (text(line, "policy") == null) {
            throw new IllegalArgumentException("a decision without a policy");
        }
        ApiCall call = new ApiCall(text(line, "eventId"), text(line, "eventName"), text(line, "eventSource"), text(line, "principal"),
                text(line, "account"), text(line, "region"), text(line, "sourceIp"), text(line, "eventTime"));
        AuditRecord.Conclusion conclusion = new AuditRecord.Conclusion(text(line, "resource"), text(line, "mode"), bool(line, "replay"),
                bool(line, "matched"), severity, text(line, "reason"), list(line, "findings"), list(line, "attack"), text(line, "runbook"),
                text(line, "skipped"));
        List<ActionResult> actions = line.path("actions").isArray() ? mapper.convertValue(line.get("actions"), ACTIONS) : List.of();
        AuditRecord.Outcome outcome = new AuditRecord.Outcome(text(line, "exemptionTag"), actions, text(line, "alert"), text(line, "braked"),
                line.path("durationMicros").isNumber() ? line.get("durationMicros").asLong() : null);
        return new AuditRecord(text(line, "type"), text(line, "time"), text(line, "handler"), text(line, "policy"), call, conclusion, outcome,
                list(line, "oddities"));
    }

    private static String text(JsonNode line, String field) {
        JsonNode value = line.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }

    private static Boolean bool(JsonNode line, String field) {
        JsonNode value = line.get(field);
        return value != null && value.isBoolean() ? value.asBoolean() : null;
    }

    private List<String> list(JsonNode line, String field) {
        JsonNode value = line.get(field);
        return value != null && value.isArray() ? mapper.convertValue(value, STRINGS) : null;
    }
}
