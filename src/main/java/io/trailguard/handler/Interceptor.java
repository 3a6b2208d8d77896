package io.trailguard.handler;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.trailguard.event.EventReader;
import io.trailguard.event.InvalidEventException;
import io.trailguard.event.ParsedEvent;
import io.trailguard.event.TrailEvent;
import io.trailguard.notify.AuditLog;
import io.trailguard.notify.AuditRecord;
import io.trailguard.notify.InvocationMetrics;
import io.trailguard.policy.Deadline;
import io.trailguard.engine.DecisionRunner;
import io.trailguard.engine.PolicyRegistry;
import io.trailguard.policy.Verdict;

/** One event through trailguard: read it, match it, decide, act as each mode allows, audit every step. */
@ApplicationScoped
public class Interceptor {

    private final EventReader reader;
    private final PolicyRegistry registry;
    private final DecisionRunner runner;
    private final AuditLog audit;
    private final InvocationMetrics metrics;

    public Interceptor(EventReader reader, PolicyRegistry registry, DecisionRunner runner, AuditLog audit, InvocationMetrics metrics) {
        this.reader = reader;
        this.registry = registry;
        this.runner = runner;
        this.audit = audit;
        this.metrics = metrics;
    }

    public InterceptionResult intercept(byte[] input, String handler) {
        return intercept(input, handler, Deadline.unknown());
    }

    /** As {@link #intercept(byte[], String)}, with remediation retries bounded by the invocation's deadline. */
    public InterceptionResult intercept(byte[] input, String handler, Deadline deadline) {
        ParsedEvent parsed;
        try {
            parsed = reader.read(input);
        } catch (InvalidEventException e) {
            return reject(handler, e.getMessage());
        }
        return intercept(parsed, handler, deadline);
    }

    /** Records an input that is not an event trailguard can decide on. */
    public InterceptionResult reject(String handler, String reason) {
        AuditRecord record = AuditRecord.rejected(handler, reason);
        audit.write(record);
        metrics.recorded(record);
        return new InterceptionResult(InterceptionResult.REJECTED, null, reason, null);
    }

    public InterceptionResult intercept(ParsedEvent parsed, String handler) {
        return intercept(parsed, handler, true, Deadline.unknown());
    }

    public InterceptionResult intercept(ParsedEvent parsed, String handler, Deadline deadline) {
        return intercept(parsed, handler, true, deadline);
    }

    /** {@code auditUnmatched} false keeps the many reads of a log file that no policy matches out of the audit trail. */
    public InterceptionResult intercept(ParsedEvent parsed, String handler, boolean auditUnmatched, Deadline deadline) {
        TrailEvent event = parsed.event();
        long start = System.nanoTime();
        List<Verdict> verdicts = registry.evaluate(parsed, handler);
        metrics.decided(System.nanoTime() - start);
        if (verdicts.isEmpty()) {
            if (auditUnmatched) {
                audit.write(AuditRecord.unmatched(handler, event).withOddities(parsed.oddities()));
            }
            return new InterceptionResult(InterceptionResult.UNMATCHED, event.eventId(), "no policy of handler " + handler + " matches", null);
        }
        List<AuditRecord> records = new ArrayList<>(verdicts.size());
        List<String> failures = new ArrayList<>();
        for (Verdict verdict : verdicts) {
            AuditRecord record = runner.run(verdict, event, handler, deadline).withOddities(parsed.oddities());
            audit.write(record);
            metrics.recorded(record);
            records.add(record);
            record.outcome().actions().stream().filter(a -> a.failed())
                    .forEach(a -> failures.add(record.policy() + " " + a.action() + " on " + a.target() + ": " + a.error()));
        }
        if (!failures.isEmpty()) {
            throw new RemediationFailedException("remediation failed for event " + event.eventId() + ": " + String.join("; ", failures));
        }
        return new InterceptionResult(InterceptionResult.DECIDED, event.eventId(), null, records);
    }
}
