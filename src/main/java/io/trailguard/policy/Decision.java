package io.trailguard.policy;

import java.util.List;

/**
 * What a policy concluded from one event: whether it is a finding, how bad, about which resource, and the
 * remediations it would apply in enforce mode. A decision is made from the event alone, without AWS calls.
 */
public record Decision(
        boolean matched,
        Severity severity,
        ResourceRef resource,
        String reason,
        List<String> findings,
        List<Remediation> remediations) {

    public Decision {
        findings = findings == null ? List.of() : List.copyOf(findings);
        remediations = remediations == null ? List.of() : List.copyOf(remediations);
    }

    public static Decision noMatch(String reason) {
        return new Decision(false, null, null, reason, List.of(), List.of());
    }

    public static Decision alert(Severity severity, ResourceRef resource, String reason, List<String> findings) {
        return new Decision(true, severity, resource, reason, findings, List.of());
    }

    public static Decision remediate(Severity severity, ResourceRef resource, String reason, List<String> findings,
            List<Remediation> remediations) {
        return new Decision(true, severity, resource, reason, findings, remediations);
    }
}
