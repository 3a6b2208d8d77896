package io.trailguard.notify;

import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.trailguard.policy.ActionResult;

/** The body of an alert: who did what, where and when, what trailguard concluded and what it did. */
@RegisterForReflection
public record Alert(
        String policy,
        String severity,
        String mode,
        String summary,
        String who,
        String what,
        String where,
        String when,
        String sourceIp,
        String resource,
        List<String> findings,
        List<ActionResult> actions,
        String eventId) {

    /** A subject SNS accepts: at most 100 printable ASCII characters. */
    public String subject() {
        String subject = "[trailguard] " + severity + " " + policy + ": " + what;
        subject = subject.replaceAll("[^\\x20-\\x7E]", "?");
        return subject.length() <= 100 ? subject : subject.substring(0, 99) + "~";
    }
}
