package io.trailguard.notify;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.trailguard.event.TrailEvent;
import io.trailguard.policy.ActionResult;
import io.trailguard.policy.Decision;
import io.trailguard.policy.Policy;
import io.trailguard.policy.Verdict;

/**
 * One line of the audit trail: a decision on one event by one policy (or the rejection of an input), with
 * what was done and why. Written as a single flat JSON line (the nested parts are unwrapped, in this order);
 * never holds credentials or secrets. {@link AuditRecordSerializer} writes it by hand; the annotations here say what
 * it writes, and its test holds it to what Jackson makes of them.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonSerialize(using = AuditRecordSerializer.class)
public record AuditRecord(
        String type,
        String time,
        String handler,
        String policy,
        @JsonUnwrapped ApiCall call,
        @JsonUnwrapped Conclusion conclusion,
        @JsonUnwrapped Outcome outcome,
        /** the fields of the wrong type the event was decided without (lenient reading); null when none */
        List<String> oddities) {

    public static final String DECISION = "decision";
    public static final String REJECTED = "rejected";
    public static final String UNMATCHED = "unmatched";

    /** What was concluded about the event and under which mode; {@code skipped} says why nothing more was done. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Conclusion(
            String resource,
            String mode,
            Boolean replay,
            Boolean matched,
            String severity,
            String reason,
            List<String> findings,
            /** the ATT&CK technique ids and the runbook of the policy, on a finding only */
            List<String> attack,
            String runbook,
            String skipped) {

        static Conclusion of(Verdict verdict, boolean replay, String skipped) {
            Decision decision = verdict.decision();
            boolean matched = decision != null && decision.matched();
            Policy policy = verdict.policy().policy();
            List<String> attack = matched && !policy.attackTechniques().isEmpty() ? List.copyOf(policy.attackTechniques()) : null;
            return new Conclusion(decision != null && decision.resource() != null ? decision.resource().toString() : null,
                    verdict.modeLabel(), replay, matched, matched ? decision.severity().name() : null,
                    decision != null ? decision.reason() : null, matched ? decision.findings() : null, attack,
                    matched ? policy.runbook().orElse(null) : null, skipped);
        }

        /** No decision was made: only why. */
        static Conclusion none(Boolean replay, String reason) {
            return new Conclusion(null, null, replay, false, null, reason, null, null, null, null);
        }
    }

    /**
     * What was done: the remediations as applied (or not), the alert's fate, and how long it all took;
     * {@code exemptionTag} says why the exemption tag was not read when it could not be (an invalid resource id);
     * {@code braked} why an enforce decision was only alerted: a remediation brake is on (or tripped by it).
     */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Outcome(String exemptionTag, List<ActionResult> actions, String alert, String braked, Long durationMicros) {
    }

    /** The decision of a verdict's policy on the event; {@code skipped} may differ from the verdict's (exempt by tag). */
    public static AuditRecord decision(String handler, Verdict verdict, TrailEvent event, String skipped, Outcome outcome) {
        return new AuditRecord(DECISION, Instant.now().toString(), handler, verdict.policy().name(), ApiCall.of(event),
                Conclusion.of(verdict, event.isReplay(), skipped), outcome, null);
    }

    /** An input that is not an event trailguard can decide on. */
    public static AuditRecord rejected(String handler, String reason) {
        return new AuditRecord(REJECTED, Instant.now().toString(), handler, null, null, Conclusion.none(null, reason), null, null);
    }

    /** An event that no enabled policy of the handler matches. */
    public static AuditRecord unmatched(String handler, TrailEvent event) {
        return new AuditRecord(UNMATCHED, Instant.now().toString(), handler, null, ApiCall.unmatched(event),
                Conclusion.none(event.isReplay(), "no enabled policy matches"), null, null);
    }

    /** This line noting the fields of the wrong type the event was decided without; none leaves the field out. */
    public AuditRecord withOddities(List<String> odd) {
        return new AuditRecord(type, time, handler, policy, call, conclusion, outcome,
                odd == null || odd.isEmpty() ? null : List.copyOf(odd));
    }

    /** The event's id; null for a rejected input, which has none. */
    @JsonIgnore
    public String eventId() {
        return call == null ? null : call.eventId();
    }
}
