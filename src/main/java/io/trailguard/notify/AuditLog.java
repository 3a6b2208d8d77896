package io.trailguard.notify;

import java.io.IOException;
import java.io.PrintStream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Writes each {@link AuditRecord} as one JSON line on stdout, apart from the application log, so that
 * CloudWatch Logs, Logs Insights and SIEMs read every decision as a JSON document of its own; decisions and
 * rejections also go to the enabled {@link AuditSink}s (S3, Firehose), unmatched events do not (their volume).
 */
@ApplicationScoped
public class AuditLog {

    private static final Logger LOG = Logger.getLogger(AuditLog.class);

    private final ObjectMapper mapper;
    private final PrintStream out = System.out;

    // a field, not a constructor parameter: subclasses (a test's capturing log) get the sinks as well
    @Inject
    @Any
    Instance<AuditSink> sinks;

    public AuditLog(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public void write(AuditRecord record) {
        write(record, false);
    }

    /**
     * As {@link #write(AuditRecord)}, but a sink that fails throws: a Batch Operations replay's decisions exist only in
     * the sinks, so its task must fail (and be retried) rather than succeed with records missing.
     */
    public void writeToSinksOrThrow(AuditRecord record) {
        write(record, true);
    }

    /** Whether any sink (S3, Firehose) is on: without one, only the log lines hold the records. */
    public boolean hasSink() {
        return sinks != null && sinks.stream().anyMatch(AuditSink::enabled);
    }

    private void write(AuditRecord record, boolean failOnSink) {
        String line;
        try {
            line = AuditRecordSerializer.json(mapper, record);
        } catch (IOException e) {
            line = "{\"type\":\"audit-error\",\"error\":\"" + e.getClass().getSimpleName() + "\"}";
        }
        synchronized (out) {
            out.println(line);
        }
        if (sinks == null || AuditRecord.UNMATCHED.equals(record.type())) {
            return;
        }
        for (AuditSink sink : sinks) {
            if (!sink.enabled()) {
                continue;
            }
            try {
                sink.write(record, line);
            } catch (RuntimeException e) {
                if (failOnSink) {
                    throw e;
                }
                // the line above is the record of last resort; a sink outage must not fail the remediation
                LOG.warnf("audit record of event %s not written to %s: %s", record.eventId(), sink.name(),
                        e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
    }
}
