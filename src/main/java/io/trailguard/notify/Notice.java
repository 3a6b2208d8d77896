package io.trailguard.notify;

import java.util.List;

import io.trailguard.event.TrailEvent;
import io.trailguard.policy.ActionResult;
import io.trailguard.policy.ConfiguredPolicy;
import io.trailguard.policy.Decision;
import io.trailguard.policy.Mode;

/** Everything an alert target may need about one decision: the alert body plus the decision and event it came from. */
public record Notice(ConfiguredPolicy policy, Decision decision, Mode mode, TrailEvent event, List<ActionResult> actions,
        Alert alert) {
}
