package io.trailguard.policy;

import java.util.List;

/**
 * What a policy concluded from one event: whether it is a finding, how bad, about which resource, and the
 * actions it would have carried out in enforce mode. A decision is made from the event alone, without AWS
 * calls, and is plain data: the executors of {@code remediation/} carry its actions out.
 */
public record Decision(
        boolean matched,
        Severity severity,
        ResourceRef resource,
        String reason,
        List<String> findings,
        List<ActionSpec> actions) {

    public Decision {
        findings = findings == null ? List.of() : List.copyOf(findings);
        actions = actions == null ? List.of() : List.copyOf(actions);
    }

    public static Decision noMatch(String reason) {
        return new Decision(false, null, null, reason, List.of(), List.of());
    }

    public static Decision alert(Severity severity, ResourceRef resource, String reason, List<String> findings) {
        return new Decision(true, severity, resource, reason, findings, List.of());
    }

    public static Decision remediate(Severity severity, ResourceRef resource, String reason, List<String> findings,
            List<ActionSpec> actions) {
        return new Decision(true, severity, resource, reason, findings, actions);
    }
}
