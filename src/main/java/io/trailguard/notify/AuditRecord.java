package io.trailguard.notify;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.trailguard.policy.ActionResult;

/**
 * One line of the audit trail: a decision on one event by one policy (or the rejection of an input), with
 * what was done and why. Written as a single JSON line; never holds credentials or secrets.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditRecord(
        String type,
        String time,
        String handler,
        String policy,
        String eventId,
        String eventName,
        String eventSource,
        String principal,
        String account,
        String region,
        String sourceIp,
        String resource,
        String mode,
        Boolean replay,
        Boolean matched,
        String severity,
        String reason,
        List<String> findings,
        String skipped,
        List<ActionResult> actions,
        String alert,
        Long durationMicros,
        List<String> oddities) {

    public static final String DECISION = "decision";
    public static final String REJECTED = "rejected";
    public static final String UNMATCHED = "unmatched";

    /** A line without oddities, as every line was before they were recorded. */
    public AuditRecord(String type, String time, String handler, String policy, String eventId, String eventName,
            String eventSource, String principal, String account, String region, String sourceIp, String resource,
            String mode, Boolean replay, Boolean matched, String severity, String reason, List<String> findings,
            String skipped, List<ActionResult> actions, String alert, Long durationMicros) {
        this(type, time, handler, policy, eventId, eventName, eventSource, principal, account, region, sourceIp, resource,
                mode, replay, matched, severity, reason, findings, skipped, actions, alert, durationMicros, null);
    }

    /** This line noting the fields of the wrong type the event was decided without; none leaves the field out. */
    public AuditRecord withOddities(List<String> odd) {
        return new AuditRecord(type, time, handler, policy, eventId, eventName, eventSource, principal, account, region,
                sourceIp, resource, mode, replay, matched, severity, reason, findings, skipped, actions, alert, durationMicros,
                odd == null || odd.isEmpty() ? null : List.copyOf(odd));
    }
}
