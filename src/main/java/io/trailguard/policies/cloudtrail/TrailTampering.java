package io.trailguard.policies.cloudtrail;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.trailguard.event.CloudTrailDetail;
import io.trailguard.event.TrailEvent;
import io.trailguard.policy.Decision;
import io.trailguard.policy.FailedCalls;
import io.trailguard.policy.HandlerNames;
import io.trailguard.policy.Mode;
import io.trailguard.policy.Policy;
import io.trailguard.policy.ResourceRef;
import io.trailguard.policy.Severity;
import io.trailguard.remediation.StartTrailLogging;

/**
 * Someone blinding the audit trail: StopLogging is undone by StartLogging; DeleteTrail, UpdateTrail and
 * PutEventSelectors cannot be safely undone and are alerted on. All critical.
 */
@ApplicationScoped
public class TrailTampering implements Policy {

    @Override
    public String name() {
        return "cloudtrail-tampering";
    }

    @Override
    public String handler() {
        return HandlerNames.CLOUDTRAIL;
    }

    @Override
    public String description() {
        return "CloudTrail trail stopped, deleted or reconfigured";
    }

    @Override
    public List<String> attackTechniques() {
        return List.of("T1562.008");
    }

    @Override
    public String pattern() {
        return """
                {"source": ["aws.cloudtrail"],
                 "detail-type": ["AWS API Call via CloudTrail"],
                 "detail": {"eventSource": ["cloudtrail.amazonaws.com"],
                            "eventName": ["StopLogging", "DeleteTrail", "UpdateTrail", "PutEventSelectors"]}}
                """;
    }

    @Override
    public List<String> actions() {
        return List.of(StartTrailLogging.NAME);
    }

    @Override
    public List<String> resourceTypes() {
        return List.of(ResourceRef.CLOUDTRAIL_TRAIL);
    }

    @Override
    public Mode defaultMode() {
        return Mode.ENFORCE;
    }

    @Override
    public FailedCalls failedCalls() {
        // a refused StopLogging or DeleteTrail is someone trying to blind the audit trail
        return FailedCalls.ALERT;
    }

    @Override
    public List<String> findingTypes() {
        return List.of("TTPs/Defense Evasion");
    }

    @Override
    public Decision decide(TrailEvent event) {
        CloudTrailDetail detail = event.detail();
        String trail = detail.requestParameter("name");
        if (trail == null) {
            trail = detail.requestParameter("trailName");
        }
        if (trail == null || trail.isBlank()) {
            return Decision.noMatch("no trail name in requestParameters");
        }
        // an invalid name is still tampering: the finding is alerted, StartTrailLogging refuses it (fail closed)
        ResourceRef resource = new ResourceRef(ResourceRef.CLOUDTRAIL_TRAIL, trail);
        return switch (detail.eventName()) {
            case "StopLogging" -> Decision.remediate(Severity.CRITICAL, resource, "logging stopped on trail " + trail,
                    List.of("trail stopped logging"), List.of(StartTrailLogging.spec(trail)));
            case "DeleteTrail" -> Decision.alert(Severity.CRITICAL, resource, "trail " + trail + " deleted", List.of("trail deleted"));
            case "UpdateTrail" -> Decision.alert(Severity.CRITICAL, resource, "trail " + trail + " reconfigured",
                    List.of("trail updated: " + detail.requestParameters()));
            case "PutEventSelectors" -> Decision.alert(Severity.CRITICAL, resource, "event selectors of trail " + trail + " changed",
                    List.of("event selectors replaced: " + detail.requestParameters().path("eventSelectors")
                            + detail.requestParameters().path("advancedEventSelectors")));
            default -> Decision.noMatch("not a trail tampering call");
        };
    }
}
