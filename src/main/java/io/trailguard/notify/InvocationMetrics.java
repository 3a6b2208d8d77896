package io.trailguard.notify;

import java.io.IOException;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.trailguard.event.JsonText;

import io.trailguard.policy.ActionResult;

/**
 * The operational metrics of one Lambda invocation, gathered as it runs and written when it ends as Embedded
 * Metric Format lines on stdout ({@link EmfDocument}): one line per set of dimension values, so an invocation
 * costs a few lines whatever its batch size. Nothing is gathered outside an invocation: replay and the other
 * local commands never open one, so they never emit metrics.
 */
@ApplicationScoped
public class InvocationMetrics {

    public static final String DECISIONS = "Decisions";
    public static final String ACTIONS_APPLIED = "ActionsApplied";
    public static final String ACTIONS_ALREADY_COMPLIANT = "ActionsAlreadyCompliant";
    public static final String ACTIONS_REFUSED = "ActionsRefused";
    public static final String ACTIONS_FAILED = "ActionsFailed";
    public static final String ALERTS_SENT = "AlertsSent";
    public static final String ALERTS_FAILED = "AlertsFailed";
    public static final String INPUTS_REJECTED = "InputsRejected";
    public static final String TIME_TO_DECIDE = "TimeToDecide";
    public static final String TIME_TO_REMEDIATE = "TimeToRemediate";

    private final ObjectMapper mapper;
    private final PrintStream out;
    private final Map<Map<String, String>, EmfDocument> documents = new LinkedHashMap<>();
    /** The handler of the open invocation; null when none is open. */
    private String handler;

    @Inject
    public InvocationMetrics(ObjectMapper mapper) {
        this(mapper, System.out);
    }

    InvocationMetrics(ObjectMapper mapper, PrintStream out) {
        this.mapper = mapper;
        this.out = out;
    }

    /** Opens an invocation of the function running {@code handler}'s policies. */
    public synchronized void begin(String handler) {
        this.handler = handler;
        documents.clear();
    }

    /** Writes the invocation's lines and closes it. */
    public synchronized void end() {
        documents.values().forEach(this::write);
        documents.clear();
        handler = null;
    }

    /** The time one event took from its bytes to its verdicts (parse, match, decide). */
    public synchronized void decided(long nanos) {
        if (handler != null) {
            add(Map.of("handler", handler), TIME_TO_DECIDE, EmfDocument.Metric::milliseconds, nanos / 1e6);
        }
    }

    /** Counts an audit record: a rejected input, or a decision and what was done about it. */
    public synchronized void recorded(AuditRecord record) {
        if (handler == null) {
            return;
        }
        if (AuditRecord.REJECTED.equals(record.type())) {
            add(Map.of("handler", handler), INPUTS_REJECTED, EmfDocument.Metric::count, 1);
            return;
        }
        AuditRecord.Conclusion conclusion = record.conclusion();
        if (!AuditRecord.DECISION.equals(record.type()) || record.policy() == null || Boolean.TRUE.equals(conclusion.replay())) {
            return;
        }
        Map<String, String> byPolicy = ordered("handler", handler, "policy", record.policy());
        Map<String, String> byDecision = new LinkedHashMap<>(byPolicy);
        byDecision.put("mode", valueOr(conclusion.mode(), "none"));
        byDecision.put("severity", valueOr(conclusion.severity(), "none"));
        add(byDecision, DECISIONS, EmfDocument.Metric::count, 1);
        AuditRecord.Outcome outcome = record.outcome();
        if (outcome == null || outcome.actions() == null) {
            return;
        }
        boolean remediated = false;
        for (ActionResult action : outcome.actions()) {
            String metric = switch (action.outcome()) {
                case ActionResult.APPLIED -> ACTIONS_APPLIED;
                case ActionResult.ALREADY_COMPLIANT -> ACTIONS_ALREADY_COMPLIANT;
                case ActionResult.REFUSED -> ACTIONS_REFUSED;
                case ActionResult.FAILED -> ACTIONS_FAILED;
                default -> null;
            };
            if (metric != null) {
                add(byPolicy, metric, EmfDocument.Metric::count, 1);
                remediated |= !action.refused();
            }
        }
        if (remediated && outcome.durationMicros() != null) {
            add(byPolicy, TIME_TO_REMEDIATE, EmfDocument.Metric::milliseconds, outcome.durationMicros() / 1e3);
        }
    }

    /** Counts one alert delivery to {@code target} (sns, webhook, security-hub), sent or failed. */
    public synchronized void alerted(String policy, String target, boolean sent) {
        if (handler != null) {
            add(ordered("handler", handler, "target", target, "policy", policy), sent ? ALERTS_SENT : ALERTS_FAILED,
                    EmfDocument.Metric::count, 1);
        }
    }

    private void add(Map<String, String> dimensions, String name, Supplier<EmfDocument.Metric> kind, double value) {
        EmfDocument document = documents.computeIfAbsent(dimensions, EmfDocument::of);
        EmfDocument.Metric metric = document.metrics().computeIfAbsent(name, n -> kind.get());
        metric.add(value);
        if (metric.full()) {
            // the specification caps the values of a metric in one line: this line is written now, a new one begins
            write(document);
            documents.remove(dimensions);
        }
    }

    private void write(EmfDocument document) {
        String line;
        try {
            line = JsonText.of(mapper, document.json(mapper, System.currentTimeMillis()));
        } catch (IOException e) {
            // strings and numbers only: cannot happen, and a metric is never worth failing the invocation for
            return;
        }
        synchronized (out) {
            out.println(line);
        }
    }

    private static Map<String, String> ordered(String... namesAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.put(namesAndValues[i], valueOr(namesAndValues[i + 1], "none"));
        }
        return map;
    }

    private static String valueOr(String value, String fallback) {
        return value == null || value.isEmpty() ? fallback : value;
    }
}
