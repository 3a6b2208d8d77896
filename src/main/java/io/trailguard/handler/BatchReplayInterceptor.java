package io.trailguard.handler;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import io.trailguard.engine.CounterStore;
import io.trailguard.engine.DecisionRunner;
import io.trailguard.engine.InMemoryCounterStore;
import io.trailguard.engine.PolicyRegistry;
import io.trailguard.event.BatchOperationsInvocation;
import io.trailguard.event.EventFileReader;
import io.trailguard.event.EventReader;
import io.trailguard.event.S3ObjectCreated;
import io.trailguard.event.SourcedEvent;
import io.trailguard.notify.AuditLog;
import io.trailguard.notify.AuditRecord;
import io.trailguard.policy.Deadline;
import io.trailguard.policy.Mode;
import io.trailguard.policy.Verdict;
import io.trailguard.remediation.S3Objects;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * Replays the CloudTrail log files an S3 Batch Operations job hands over, one task per object: every record is
 * decided like {@code replay} does on a laptop, in dry-run whatever the configured modes (never an AWS call on a
 * resource, never an alert), and each decision goes to the audit sinks, where {@code replay --from-audit} reads them
 * back. Audit lines carry handler {@code replay}, like a local replay's, so they stand apart from live decisions.
 * Thresholds count within one log file: tasks run apart, so nothing is shared across objects.
 */
@ApplicationScoped
public class BatchReplayInterceptor {

    /** The handler name of a replay's audit lines, local or on Batch Operations. */
    static final String REPLAY = "replay";

    private static final Logger LOG = Logger.getLogger(BatchReplayInterceptor.class);

    private final S3Objects s3;
    private final EventReader reader;
    private final PolicyRegistry registry;
    private final DecisionRunner runner;
    private final AuditLog audit;

    public BatchReplayInterceptor(S3Objects s3, EventReader reader, PolicyRegistry registry, DecisionRunner runner, AuditLog audit) {
        this.s3 = s3;
        this.reader = reader;
        this.registry = registry;
        this.runner = runner;
        this.audit = audit;
    }

    public BatchOperationsResult intercept(BatchOperationsInvocation invocation, String handler, Deadline deadline) {
        List<BatchOperationsResult.TaskResult> results = new ArrayList<>();
        // its log lines and AWS calls name the replay function, whose role may only read the trail and write the audit archive
        Object invoked = MDC.put(InterceptionHandler.HANDLER_CONTEXT, REPLAY);
        try {
            for (BatchOperationsInvocation.Task task : invocation.tasks()) {
                results.add(run(invocation, task, handler, deadline));
            }
        } finally {
            if (invoked == null) {
                MDC.remove(InterceptionHandler.HANDLER_CONTEXT);
            } else {
                MDC.put(InterceptionHandler.HANDLER_CONTEXT, invoked);
            }
        }
        String version = invocation.supported() ? invocation.schemaVersion() : "1.0";
        return new BatchOperationsResult(version, BatchOperationsResult.PERMANENT_FAILURE, invocation.invocationId(), results);
    }

    private BatchOperationsResult.TaskResult run(BatchOperationsInvocation invocation, BatchOperationsInvocation.Task task, String handler,
            Deadline deadline) {
        if (!invocation.supported()) {
            return BatchOperationsResult.TaskResult.failed(task.taskId(), "invocationSchemaVersion " + invocation.schemaVersion()
                    + " is not supported: the job must use " + String.join(" or ", BatchOperationsInvocation.SCHEMA_VERSIONS));
        }
        if (task.object() == null) {
            return BatchOperationsResult.TaskResult.failed(task.taskId(), task.problem());
        }
        if (!audit.hasSink()) {
            return BatchOperationsResult.TaskResult.failed(task.taskId(), "no audit sink is configured (trailguard.audit.s3-bucket or "
                    + "trailguard.audit.firehose-stream): the replay's decisions would be lost");
        }
        if (task.object().isDigest()) {
            return BatchOperationsResult.TaskResult.succeeded(task.taskId(), "a CloudTrail digest file: no events");
        }
        try {
            return BatchOperationsResult.TaskResult.succeeded(task.taskId(), replay(task, handler, deadline));
        } catch (NotALogFileException e) {
            return BatchOperationsResult.TaskResult.failed(task.taskId(), "no CloudTrail record could be read: " + e.getMessage());
        } catch (OutOfTimeException e) {
            return BatchOperationsResult.TaskResult.retry(task.taskId(), e.getMessage());
        } catch (AwsServiceException e) {
            // S3's errors (signed S3 calls: the log file's read, the archive's writes) as the S3 client's S3Exception were
            return "S3".equals(e.awsErrorDetails() != null ? e.awsErrorDetails().serviceName() : null) ? s3Failed(task, e) : sinkFailed(task, e);
        } catch (SdkClientException | UncheckedIOException e) {
            return BatchOperationsResult.TaskResult.retry(task.taskId(), "could not read " + task.object() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            return sinkFailed(task, e);
        }
    }

    private static BatchOperationsResult.TaskResult s3Failed(BatchOperationsInvocation.Task task, AwsServiceException e) {
        if (S3Objects.notFound(e)) {
            return BatchOperationsResult.TaskResult.failed(task.taskId(), "no such object: " + task.object());
        }
        // a role without the read grant stays without it: retrying would only repeat the refusal
        boolean denied = e.statusCode() == 403;
        String reason = (denied ? "access denied reading " : "could not read ") + task.object() + ": " + e.awsErrorDetails().errorCode();
        return denied ? BatchOperationsResult.TaskResult.failed(task.taskId(), reason) : BatchOperationsResult.TaskResult.retry(task.taskId(), reason);
    }

    /** An audit sink that failed: the records written so far are rewritten on the retry (replay reads them back once). */
    private static BatchOperationsResult.TaskResult sinkFailed(BatchOperationsInvocation.Task task, RuntimeException e) {
        LOG.warnf("batch replay of %s failed: %s", task.object(), e.getClass().getSimpleName() + ": " + e.getMessage());
        return BatchOperationsResult.TaskResult.retry(task.taskId(), "could not write the audit records: " + e.getClass().getSimpleName());
    }

    /** Decides every record of the object and returns the counts for the job's completion report. */
    private String replay(BatchOperationsInvocation.Task task, String handler, Deadline deadline) {
        S3ObjectCreated object = task.object();
        CounterStore counts = new InMemoryCounterStore();
        long events = 0;
        long decisions = 0;
        long findings = 0;
        long skipped = 0;
        long malformed = 0;
        String firstMalformed = null;
        try (InputStream in = s3.get(object.bucket(), object.key(), task.versionId());
                EventFileReader records = new EventFileReader(reader, in, object.toString())) {
            while (records.hasNext()) {
                if (deadline.remainingMillis() <= 0) {
                    throw new OutOfTimeException("out of time after " + events + " records of " + object
                            + ": give the function a longer timeout (the retry starts the file again)");
                }
                SourcedEvent record = records.next();
                if (record.malformed() != null) {
                    malformed++;
                    firstMalformed = firstMalformed == null ? record.where() + ": " + record.malformed() : firstMalformed;
                    audit.writeToSinksOrThrow(AuditRecord.rejected(REPLAY, record.where() + ": " + record.malformed()));
                    continue;
                }
                if (record.skipped() != null) {
                    skipped++;
                    continue;
                }
                events++;
                for (Verdict verdict : registry.evaluate(record.parsed(), handler, counts)) {
                    // whatever the configured modes, a replay only records: never an AWS call, never an alert
                    Verdict dryRun = new Verdict(verdict.policy(), verdict.decision(), verdict.mode().cappedBy(Mode.DRY_RUN), verdict.skipped(),
                            verdict.attempt());
                    AuditRecord decided = runner.run(dryRun, record.parsed().event(), REPLAY).withOddities(record.parsed().oddities());
                    audit.writeToSinksOrThrow(decided);
                    decisions++;
                    findings += decided.conclusion().skipped() == null && Boolean.TRUE.equals(decided.conclusion().matched()) ? 1 : 0;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (events == 0 && malformed > 0) {
            throw new NotALogFileException(firstMalformed);
        }
        String summary = String.format("%d events, %d decisions, %d findings, %d skipped, %d malformed", events, decisions, findings, skipped,
                malformed);
        LOG.infof("batch replay of %s: %s", object, summary);
        return summary;
    }

    private static final class OutOfTimeException extends RuntimeException {
        OutOfTimeException(String message) {
            super(message, null, false, false);
        }
    }

    private static final class NotALogFileException extends RuntimeException {
        NotALogFileException(String message) {
            super(message, null, false, false);
        }
    }
}
