package io.trailguard.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;

import org.jboss.logging.Logger;

import io.trailguard.event.CloudTrailDetail;
import io.trailguard.event.TrailEvent;
import io.trailguard.event.UserIdentity;
import io.trailguard.notify.Alert;
import io.trailguard.notify.AlertDedup;
import io.trailguard.notify.AuditRecord;
import io.trailguard.notify.Notice;
import io.trailguard.notify.Notifier;
import io.trailguard.policy.ActionResult;
import io.trailguard.policy.ActionSpec;
import io.trailguard.policy.Deadline;
import io.trailguard.policy.Decision;
import io.trailguard.policy.ResourceRef;
import io.trailguard.policy.Severity;
import io.trailguard.policy.TagReader;
import io.trailguard.policy.TrailguardConfig;
import io.trailguard.policy.Verdict;
import io.trailguard.remediation.AccountCredentials;
import io.trailguard.remediation.ActionExecutor;
import io.trailguard.remediation.ActionLibrary;

/**
 * Carries out a verdict as its mode allows: checks the exemption tag on the live resource, has each action
 * spec's executor apply it where the live state still needs it (enforce), alerts (alert, enforce), and returns the audit
 * record of it all. AWS errors are recorded, never thrown: the caller decides whether to fail the invocation.
 */
@ApplicationScoped
public class DecisionRunner {

    private static final Logger LOG = Logger.getLogger(DecisionRunner.class);

    private final TrailguardConfig config;
    private final Instance<TagReader> tagReaders;
    private final Notifier notifier;
    private final AccountCredentials credentials;
    private final Retries retries;
    private final AlertDedup dedup;
    private final ActionLibrary library;

    public DecisionRunner(TrailguardConfig config, @Any Instance<TagReader> tagReaders, Notifier notifier,
            AccountCredentials credentials, Retries retries, AlertDedup dedup, ActionLibrary library) {
        this.config = config;
        this.tagReaders = tagReaders;
        this.notifier = notifier;
        this.credentials = credentials;
        this.retries = retries;
        this.dedup = dedup;
        this.library = library;
    }

    public AuditRecord run(Verdict verdict, TrailEvent event, String handler) {
        return run(verdict, event, handler, Deadline.unknown());
    }

    /** As {@link #run(Verdict, TrailEvent, String)}, retrying remediations only until {@code deadline}. */
    public AuditRecord run(Verdict verdict, TrailEvent event, String handler, Deadline deadline) {
        long start = System.nanoTime();
        Decision decision = verdict.decision();
        String skipped = verdict.skipped();
        List<ActionResult> actions = new ArrayList<>();
        String alert = null;
        if (verdict.actionable()) {
            // live checks and remediations act in the event's account (its remediation role); the alert is ours
            skipped = credentials.actingIn(event.account(), () -> {
                String exempt = verdict.mode().alerts() ? exemptionTag(decision.resource(), deadline) : null;
                if (exempt == null) {
                    for (ActionSpec spec : decision.actions()) {
                        actions.add(apply(spec, verdict, deadline));
                    }
                }
                return exempt;
            });
            if (skipped == null) {
                alert = alertOnce(verdict, event, actions);
            }
        }
        return record(verdict, event, handler, skipped, actions, alert, (System.nanoTime() - start) / 1000);
    }

    private ActionResult apply(ActionSpec spec, Verdict verdict, Deadline deadline) {
        String action = spec.name();
        ActionExecutor executor = library.executor(action).orElse(null);
        String refusal = executor == null ? "no action executor is named " + action : executor.refusal(spec);
        if (refusal != null) {
            // a spec no retry can fix: recorded and alerted, never applied, never thrown
            LOG.warnf("policy %s: action %s refused: %s", verdict.policy().name(), action, refusal);
            return new ActionResult(action, "(invalid spec)", ActionResult.REFUSED, refusal);
        }
        String target = executor.target(spec);
        return switch (verdict.mode()) {
            case DRY_RUN, OFF -> new ActionResult(action, target, ActionResult.WOULD_APPLY, null);
            case ALERT -> new ActionResult(action, target, ActionResult.NOT_APPLIED, null);
            case ENFORCE -> retries.enforce(executor, spec, verdict.policy().name(), deadline);
        };
    }

    /** Alerts unless this (policy, event) was already fully handled: a redelivery gets no second alert. */
    private String alertOnce(Verdict verdict, TrailEvent event, List<ActionResult> actions) {
        boolean carriedOut = actions.stream().noneMatch(ActionResult::failed);
        if (!verdict.mode().alerts() || !carriedOut) {
            return alert(verdict, event, actions);
        }
        String policy = verdict.policy().name();
        if (!dedup.firstTime(policy, event.eventId())) {
            return "not sent: duplicate delivery of event " + event.eventId() + ", already handled";
        }
        String alert = alert(verdict, event, actions);
        if (Notifier.failed(alert)) {
            dedup.forget(policy, event.eventId());
        }
        return alert;
    }

    /** Null when the resource is not exempt by tag; else why the verdict is skipped. */
    private String exemptionTag(ResourceRef resource, Deadline deadline) {
        TrailguardConfig.ExemptionTag tag = config.exemptionTag();
        if (!tag.enabled() || resource == null) {
            return null;
        }
        for (TagReader reader : tagReaders) {
            if (reader.reads(resource.type())) {
                try {
                    Map<String, String> tags = retries.read(() -> reader.tags(resource), deadline);
                    return tag.value().equals(tags.get(tag.key())) ? "exempt by tag " + tag.key() + "=" + tag.value() : null;
                } catch (RuntimeException e) {
                    // an unreadable tag does not exempt: acting on a non-exempt resource is the safe default here
                    LOG.warnf("could not read the tags of %s: %s", resource, errorText(e));
                    return null;
                }
            }
        }
        return null;
    }

    private String alert(Verdict verdict, TrailEvent event, List<ActionResult> actions) {
        if (!verdict.mode().alerts()) {
            return null;
        }
        if (verdict.decision().severity() == Severity.INFO && actions.stream().noneMatch(ActionResult::failed)) {
            // INFO decisions (auto-tag's bookkeeping) are audited, not alerted: one per created resource would be noise
            return "not sent: INFO is audited only";
        }
        // each selected target (SNS, webhook, Security Hub) by severity; failures are summed up, never thrown
        return notifier.send(new Notice(verdict.policy(), verdict.decision(), verdict.mode(), event, actions,
                alertOf(verdict, event, actions)));
    }

    private static Alert alertOf(Verdict verdict, TrailEvent event, List<ActionResult> actions) {
        Decision decision = verdict.decision();
        CloudTrailDetail detail = event.detail();
        return new Alert(verdict.policy().name(), decision.severity().name(), verdict.mode().label(), decision.reason(),
                principal(event.caller()), detail.eventSource() + " " + detail.eventName(),
                event.account() + " " + (detail.awsRegion() != null ? detail.awsRegion() : event.region()),
                detail.eventTime() != null ? detail.eventTime() : event.time(), detail.sourceIPAddress(),
                decision.resource() != null ? decision.resource().toString() : null, decision.findings(), actions,
                event.eventId());
    }

    private static AuditRecord record(Verdict verdict, TrailEvent event, String handler, String skipped,
            List<ActionResult> actions, String alert, long micros) {
        Decision decision = verdict.decision();
        CloudTrailDetail detail = event.detail();
        boolean matched = decision != null && decision.matched();
        return new AuditRecord(AuditRecord.DECISION, Instant.now().toString(), handler, verdict.policy().name(),
                event.eventId(), detail.eventName(), detail.eventSource(), principal(event.caller()), event.account(),
                detail.awsRegion() != null ? detail.awsRegion() : event.region(), detail.sourceIPAddress(),
                decision != null && decision.resource() != null ? decision.resource().toString() : null,
                verdict.mode().label(), event.isReplay(), matched,
                matched ? decision.severity().name() : null, decision != null ? decision.reason() : null,
                matched ? decision.findings() : null, skipped, actions, alert, micros);
    }

    private static String principal(UserIdentity caller) {
        if (caller == null) {
            return null;
        }
        return caller.arn() != null ? caller.arn() : caller.type() + ":" + caller.principalId();
    }

    /** The AWS error code and message, never a stack or request headers. */
    static String errorText(RuntimeException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        message = message.length() > 300 ? message.substring(0, 300) + "…" : message;
        return e.getClass().getSimpleName() + ": " + message;
    }
}
