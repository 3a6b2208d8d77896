package io.trailguard.notify;

import java.nio.charset.StandardCharsets;

import jakarta.enterprise.context.ApplicationScoped;


/** Each audit record as a newline-terminated JSON record on a Firehose delivery stream, for a SIEM or S3 via Firehose. */
@ApplicationScoped
public class FirehoseAuditStream implements AuditSink {

    private final DeliveryStreams firehose;
    private final AuditConfig config;

    public FirehoseAuditStream(DeliveryStreams firehose, AuditConfig config) {
        this.firehose = firehose;
        this.config = config;
    }

    @Override
    public String name() {
        return "firehose";
    }

    @Override
    public boolean enabled() {
        return config.firehoseStream().filter(s -> !s.isBlank()).isPresent();
    }

    @Override
    public void write(AuditRecord record, String json) {
        // newline-terminated: Firehose concatenates records, and SIEMs and Athena read the objects as JSON lines
        firehose.putRecord(config.firehoseStream().orElseThrow(), (json + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
