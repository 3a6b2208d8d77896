package io.trailguard.notify;

/** A copy of the audit trail outside the logs (S3, Firehose), written after the JSON line that is always logged. */
public interface AuditSink {

    /** For warnings: which sink failed. */
    String name();

    boolean enabled();

    /** Stores one record; {@code json} is the record as written to the logs. Throws when it could not. */
    void write(AuditRecord record, String json);
}
