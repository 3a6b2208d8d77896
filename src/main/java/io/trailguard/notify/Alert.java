package io.trailguard.notify;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.trailguard.event.TrailEvent;
import io.trailguard.policy.ActionResult;
import io.trailguard.policy.Decision;
import io.trailguard.policy.Policy;
import io.trailguard.policy.Verdict;

/**
 * The body of an alert: who did what, where and when, what trailguard concluded and what it did, the ATT&CK
 * techniques the finding is evidence of and where the responder's runbook is (left out when the policy has none).
 * {@link AlertSerializer} writes it by hand, as Jackson's bean serializer writes these annotations.
 */
@RegisterForReflection
@JsonSerialize(using = AlertSerializer.class)
// receivers read these names in this order; who/what/where/when/sourceIp/eventId are worded from the call
@JsonPropertyOrder({ "policy", "severity", "mode", "summary", "who", "what", "where", "when", "sourceIp", "resource", "findings",
        "actions", "attack", "runbook", "eventId" })
public record Alert(
        String policy,
        String severity,
        String mode,
        String summary,
        @JsonIgnore ApiCall call,
        String resource,
        List<String> findings,
        List<ActionResult> actions,
        List<String> attack,
        @JsonInclude(JsonInclude.Include.NON_NULL) String runbook) {

    /** The alert of an actionable verdict (a finding) on the event, with the actions as carried out. */
    public static Alert of(Verdict verdict, TrailEvent event, List<ActionResult> actions) {
        Decision decision = verdict.decision();
        Policy policy = verdict.policy().policy();
        return new Alert(verdict.policy().name(), decision.severity().name(), verdict.modeLabel(), decision.reason(),
                ApiCall.of(event), decision.resource() != null ? decision.resource().toString() : null, decision.findings(),
                actions, List.copyOf(policy.attackTechniques()), policy.runbook().orElse(null));
    }

    /** The same alert with other texts, as {@link AlertBody} shortens one to fit a size limit. */
    Alert withTexts(String summary, List<String> findings, List<ActionResult> actions) {
        return new Alert(policy, severity, mode, summary, call, resource, findings, actions, attack, runbook);
    }

    @JsonProperty
    public String who() {
        return call.principal();
    }

    @JsonProperty
    public String what() {
        return call.eventSource() + " " + call.eventName();
    }

    @JsonProperty
    public String where() {
        return call.account() + " " + call.region();
    }

    @JsonProperty
    public String when() {
        return call.eventTime();
    }

    @JsonProperty
    public String sourceIp() {
        return call.sourceIp();
    }

    @JsonProperty
    public String eventId() {
        return call.eventId();
    }

    /** A subject SNS accepts: at most 100 printable ASCII characters. */
    public String subject() {
        String subject = "[trailguard] " + severity + " " + policy + ": " + what();
        subject = subject.replaceAll("[^\\x20-\\x7E]", "?");
        return subject.length() <= 100 ? subject : subject.substring(0, 99) + "~";
    }
}
