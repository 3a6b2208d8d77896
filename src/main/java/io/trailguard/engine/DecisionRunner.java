package io.trailguard.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;

import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import io.trailguard.event.TrailEvent;
import io.trailguard.notify.Alert;
import io.trailguard.notify.AlertDedup;
import io.trailguard.notify.AuditRecord;
import io.trailguard.notify.Notice;
import io.trailguard.notify.Notifier;
import io.trailguard.policy.ActionResult;
import io.trailguard.policy.ActionSpec;
import io.trailguard.policy.Deadline;
import io.trailguard.policy.Decision;
import io.trailguard.policy.Mode;
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
 * spec's executor apply it where the live state still needs it (enforce) unless a brake holds it ({@link Brakes}),
 * alerts (alert, enforce), and returns the audit record of it all. AWS errors are recorded, never thrown: the caller decides whether to fail the invocation.
 */
@ApplicationScoped
public class DecisionRunner {

    private static final Logger LOG = Logger.getLogger(DecisionRunner.class);
    /** The logging context key naming the policy a decision is carried out for, while it runs. */
    public static final String POLICY_CONTEXT = "policy";

    private final TrailguardConfig config;
    private final Instance<TagReader> tagReaders;
    private final Notifier notifier;
    private final AccountCredentials credentials;
    private final Retries retries;
    private final AlertDedup dedup;
    private final ActionLibrary library;
    private final Brakes brakes;

    public DecisionRunner(TrailguardConfig config, @Any Instance<TagReader> tagReaders, Notifier notifier,
            AccountCredentials credentials, Retries retries, AlertDedup dedup, ActionLibrary library, Brakes brakes) {
        this.brakes = brakes;
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
    public AuditRecord run(Verdict given, TrailEvent event, String handler, Deadline deadline) {
        // its log lines and AWS calls name the policy (the least-privilege check attributes calls to roles by it)
        Object outer = MDC.put(POLICY_CONTEXT, given.policy().name());
        try {
            return carryOut(given, event, handler, deadline);
        } finally {
            if (outer == null) {
                MDC.remove(POLICY_CONTEXT);
            } else {
                MDC.put(POLICY_CONTEXT, outer);
            }
        }
    }

    private AuditRecord carryOut(Verdict given, TrailEvent event, String handler, Deadline deadline) {
        Verdict verdict = given;
        long start = System.nanoTime();
        Decision decision = verdict.decision();
        String skipped = verdict.skipped();
        List<ActionResult> actions = new ArrayList<>();
        String alert = null;
        String unreadTag = null;
        String braked = null;
        if (verdict.actionable()) {
            TagReader reader = verdict.mode().alerts() ? tagReader(decision.resource()) : null;
            // a decision fails closed on an invalid id: its raw value must not reach the tag read, and cannot exempt
            unreadTag = reader == null ? null : reader.refusal(decision.resource());
            if (unreadTag != null) {
                LOG.warnf("policy %s: exemption tag of %s not read: %s", verdict.policy().name(), decision.resource().type(), unreadTag);
                unreadTag = "not read: " + unreadTag;
            }
            TagReader checked = unreadTag == null ? reader : null;
            // live checks and remediations act in the event's account (its remediation role); the alert is ours
            skipped = checked == null ? null
                    : credentials.actingIn(event.account(), () -> exemptionTag(checked, decision.resource(), deadline));
            if (skipped == null) {
                // counted outside the event's account: the brakes live in the function's own table
                int remediations = remediates(verdict) ? acceptedSpecs(decision) : 0;
                Brakes.Hold hold = remediations > 0 ? brakes.admit(verdict.policy(), handler, remediations) : Brakes.Hold.NONE;
                braked = hold.reason();
                Verdict acting = hold.on() ? braked(verdict, hold) : verdict;
                credentials.actingIn(event.account(), () -> {
                    for (ActionSpec spec : decision.actions()) {
                        actions.add(apply(spec, acting, deadline));
                    }
                    return null;
                });
                alert = alertOnce(acting, event, actions);
                verdict = acting;
            }
        }
        return AuditRecord.decision(handler, verdict, event, skipped,
                new AuditRecord.Outcome(unreadTag, actions, alert, braked, (System.nanoTime() - start) / 1000));
    }

    /**
     * Whether the verdict would change AWS state, so that the brakes count it: enforce, a real call, actions asked.
     * INFO decisions (auto-tag's bookkeeping) only add tags, so they neither count nor are held.
     */
    private static boolean remediates(Verdict verdict) {
        Decision decision = verdict.decision();
        return verdict.mode() == Mode.ENFORCE && !verdict.attempt() && !decision.actions().isEmpty()
                && decision.severity() != Severity.INFO;
    }

    /** The specs an executor would carry out: a refused one changes nothing, so no brake counts it. */
    private int acceptedSpecs(Decision decision) {
        return (int) decision.actions().stream()
                .filter(spec -> library.executor(spec.name()).map(executor -> executor.refusal(spec) == null).orElse(false)).count();
    }

    /**
     * The verdict as a brake leaves it: alert instead of enforce. The one verdict that tripped the brake tells so
     * in its alert, at least HIGH so that no severity filter hides it.
     */
    private static Verdict braked(Verdict verdict, Brakes.Hold hold) {
        Decision decision = verdict.decision();
        if (hold.trippedNow()) {
            Severity severity = decision.severity().compareTo(Severity.HIGH) >= 0 ? decision.severity() : Severity.HIGH;
            decision = new Decision(true, severity, decision.resource(), "BRAKE " + hold.reason() + ". " + decision.reason(),
                    decision.findings(), decision.actions());
        }
        return new Verdict(verdict.policy(), decision, Mode.ALERT, verdict.skipped(), verdict.attempt());
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
        if (verdict.attempt()) {
            // the call failed: nothing changed, so there is nothing to undo, whatever the mode
            return new ActionResult(action, target, ActionResult.NOT_APPLIED, null);
        }
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

    /** The reader of the resource's tags, when the exemption tag is to be read and one reads that type. */
    private TagReader tagReader(ResourceRef resource) {
        if (!config.exemptionTag().enabled() || resource == null) {
            return null;
        }
        for (TagReader reader : tagReaders) {
            if (reader.reads(resource.type())) {
                return reader;
            }
        }
        return null;
    }

    /** Null when the resource is not exempt by tag; else why the verdict is skipped. */
    private String exemptionTag(TagReader reader, ResourceRef resource, Deadline deadline) {
        TrailguardConfig.ExemptionTag tag = config.exemptionTag();
        try {
            Map<String, String> tags = retries.read(() -> reader.tags(resource), deadline);
            return tag.value().equals(tags.get(tag.key())) ? "exempt by tag " + tag.key() + "=" + tag.value() : null;
        } catch (RuntimeException e) {
            // an unreadable tag does not exempt: acting on a non-exempt resource is the safe default here
            LOG.warnf("could not read the tags of %s: %s", resource, errorText(e));
            return null;
        }
    }

    private String alert(Verdict verdict, TrailEvent event, List<ActionResult> actions) {
        if (!verdict.mode().alerts()) {
            return null;
        }
        if (verdict.decision().severity() == Severity.INFO && actions.stream().noneMatch(a -> a.failed() || a.refused())) {
            // INFO decisions (auto-tag's bookkeeping) are audited, not alerted: one per created resource would be noise;
            // a refused spec is not bookkeeping: the event named something AWS would not have accepted
            return "not sent: INFO is audited only";
        }
        // each selected target (SNS, webhook, Security Hub) by severity; failures are summed up, never thrown
        return notifier.send(new Notice(verdict.policy(), verdict.decision(), verdict.mode(), event, actions,
                Alert.of(verdict, event, actions)));
    }

    /** The AWS error code and message, never a stack or request headers. */
    static String errorText(RuntimeException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        message = message.length() > 300 ? message.substring(0, 300) + "…" : message;
        return e.getClass().getSimpleName() + ": " + message;
    }
}
