package io.trailguard.notify;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.trailguard.event.CloudTrailDetail;
import io.trailguard.event.TrailEvent;
import io.trailguard.event.UserIdentity;

/**
 * Who made which API call, where and when: what an audit line and an alert both say of the event. In an audit
 * line its fields are written as they are ({@link AuditRecord}); an alert words them ({@link Alert}).
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiCall(
        String eventId,
        String eventName,
        String eventSource,
        String principal,
        String account,
        String region,
        String sourceIp,
        // the audit line's own time is the decision's; this one is the call's (a replay's timeline is drawn from it)
        String eventTime) {

    /** The call as a decision reports it: CloudTrail's region and time, the envelope's where CloudTrail has none. */
    public static ApiCall of(TrailEvent event) {
        CloudTrailDetail detail = event.detail();
        return new ApiCall(event.eventId(), detail.eventName(), detail.eventSource(), principal(event.caller()), event.account(),
                detail.awsRegion() != null ? detail.awsRegion() : event.region(), detail.sourceIPAddress(),
                detail.eventTime() != null ? detail.eventTime() : event.time());
    }

    /** What an unmatched line keeps of the event: which call, in the envelope's account and region; not who made it. */
    static ApiCall unmatched(TrailEvent event) {
        CloudTrailDetail detail = event.detail();
        return new ApiCall(event.eventId(), detail.eventName(), detail.eventSource(), null, event.account(), event.region(),
                null, null);
    }

    private static String principal(UserIdentity caller) {
        if (caller == null) {
            return null;
        }
        return caller.arn() != null ? caller.arn() : caller.type() + ":" + caller.principalId();
    }
}
