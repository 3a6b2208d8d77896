package io.trailguard.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** A failed call's finding is an attempt: one severity lower, its reason saying so, never more than alerted. */
class AttemptTest {

    private static final Decision STOPPED = Decision.remediate(Severity.CRITICAL, new ResourceRef(ResourceRef.CLOUDTRAIL_TRAIL, "t"),
            "logging stopped on trail t", List.of("trail stopped logging"), List.of(ActionSpec.of("cloudtrail.start-logging", "trail", "t")));

    @Test
    void severityStepsDownToInfoAndStaysThere() {
        assertEquals(List.of(Severity.HIGH, Severity.MEDIUM, Severity.LOW, Severity.INFO, Severity.INFO),
                List.of(Severity.CRITICAL.lower(), Severity.HIGH.lower(), Severity.MEDIUM.lower(), Severity.LOW.lower(), Severity.INFO.lower()));
    }

    @Test
    void anEnforcedFindingOnAFailedCallIsAnAttemptAlertedOneSeverityLower() {
        Verdict verdict = Verdict.attempt(null, STOPPED, Mode.ENFORCE, "AccessDenied", null);

        assertTrue(verdict.attempt() && verdict.actionable());
        assertEquals(Mode.ALERT, verdict.mode(), "never remediated, whatever the policy's mode");
        assertEquals("attempted", verdict.modeLabel());
        assertEquals(Severity.HIGH, verdict.decision().severity());
        assertEquals("failed attempt (AccessDenied): logging stopped on trail t", verdict.decision().reason());
        assertEquals(STOPPED.findings(), verdict.decision().findings());
        assertEquals(STOPPED.actions(), verdict.decision().actions(), "kept, to be audited as not applied");
    }

    @Test
    void aDryRunAttemptIsRecordedUnderItsModeAndANoMatchStaysOne() {
        assertEquals("dry-run", Verdict.attempt(null, STOPPED, Mode.DRY_RUN, "AccessDenied", null).modeLabel());
        Decision none = Decision.noMatch("not a trail tampering call");
        assertSame(none, Verdict.attempt(null, none, Mode.ENFORCE, "AccessDenied", null).decision());
    }
}
