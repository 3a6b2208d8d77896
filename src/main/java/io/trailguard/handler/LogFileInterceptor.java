package io.trailguard.handler;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.trailguard.event.EventFileReader;
import io.trailguard.event.EventReader;
import io.trailguard.event.S3ObjectCreated;
import io.trailguard.event.SourcedEvent;
import io.trailguard.policy.Deadline;
import io.trailguard.remediation.S3Objects;

/**
 * Reads the CloudTrail log files an S3 notification names, streaming from S3, and decides every record like
 * an EventBridge event (backfill, accounts without EventBridge delivery). A malformed record is audited and
 * passed over; a failed remediation fails the invocation after the whole file, so Lambda retries it (every
 * remediation re-reads live state, so the records already handled change nothing the second time).
 */
@ApplicationScoped
public class LogFileInterceptor {

    private static final Logger LOG = Logger.getLogger(LogFileInterceptor.class);

    private final S3Objects s3;
    private final EventReader reader;
    private final Interceptor interceptor;

    public LogFileInterceptor(S3Objects s3, EventReader reader, Interceptor interceptor) {
        this.s3 = s3;
        this.reader = reader;
        this.interceptor = interceptor;
    }

    public LogFilesResult intercept(List<S3ObjectCreated> objects, String handler, Deadline deadline) {
        List<LogFilesResult.LogFile> files = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (S3ObjectCreated object : objects) {
            if (object.isDigest()) {
                continue;
            }
            files.add(read(object, handler, failures, deadline));
        }
        if (!failures.isEmpty()) {
            throw new RemediationFailedException(String.join("; ", failures));
        }
        return new LogFilesResult(files);
    }

    private LogFilesResult.LogFile read(S3ObjectCreated object, String handler, List<String> failures, Deadline deadline) {
        int events = 0;
        int matched = 0;
        int skipped = 0;
        int malformed = 0;
        try (InputStream in = s3.get(object.bucket(), object.key(), null);
                EventFileReader records = new EventFileReader(reader, in, object.toString())) {
            while (records.hasNext()) {
                SourcedEvent record = records.next();
                if (record.malformed() != null) {
                    interceptor.reject(handler, record.where() + ": " + record.malformed());
                    malformed++;
                } else if (record.skipped() != null) {
                    skipped++;
                } else {
                    events++;
                    try {
                        InterceptionResult result = interceptor.intercept(record.parsed(), handler, false, deadline);
                        matched += InterceptionResult.DECIDED.equals(result.status()) ? 1 : 0;
                    } catch (RemediationFailedException e) {
                        matched++;
                        failures.add(e.getMessage());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + object, e);
        }
        LOG.infof("%s: %d events, %d matched, %d skipped, %d malformed", object, events, matched, skipped, malformed);
        return new LogFilesResult.LogFile(object.toString(), events, matched, skipped, malformed);
    }
}
