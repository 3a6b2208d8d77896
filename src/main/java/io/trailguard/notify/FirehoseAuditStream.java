package io.trailguard.notify;

import java.nio.charset.StandardCharsets;

import jakarta.enterprise.context.ApplicationScoped;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.firehose.FirehoseClient;

/** Each audit record as a newline-terminated JSON record on a Firehose delivery stream, for a SIEM or S3 via Firehose. */
@ApplicationScoped
public class FirehoseAuditStream implements AuditSink {

    private final FirehoseClient firehose;
    private final AuditConfig config;

    public FirehoseAuditStream(FirehoseClient firehose, AuditConfig config) {
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
        SdkBytes data = SdkBytes.fromString(json + "\n", StandardCharsets.UTF_8);
        firehose.putRecord(b -> b.deliveryStreamName(config.firehoseStream().orElseThrow()).record(r -> r.data(data)));
    }
}
