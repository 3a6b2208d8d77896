package io.trailguard.notify;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;

import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import io.trailguard.policy.Severity;

/**
 * Sends one decision's alert to each target its policy selects and whose severity threshold it reaches,
 * and sums up what became of it per target ({@code sns: sent; webhook: below HIGH}) for the audit record.
 * A failing target never stops the others and never fails the invocation: the remediation is what matters.
 */
@ApplicationScoped
public class Notifier {

    static final String NONE = "logged only: no alert target configured";

    private static final Logger LOG = Logger.getLogger(Notifier.class);

    private final List<AlertTarget> targets;
    private final Set<String> names;
    private final Config config;
    private final Map<String, AlertSelection> selections = new ConcurrentHashMap<>();
    private final InvocationMetrics metrics;

    public Notifier(@Any Instance<AlertTarget> beans, Config config, InvocationMetrics metrics) {
        List<AlertTarget> sorted = new ArrayList<>();
        beans.forEach(sorted::add);
        sorted.sort(Comparator.comparing(AlertTarget::name));
        this.targets = List.copyOf(sorted);
        this.names = sorted.stream().map(AlertTarget::name).collect(Collectors.toSet());
        this.config = config;
        this.metrics = metrics;
    }

    public String send(Notice notice) {
        AlertSelection selection = selections.computeIfAbsent(notice.policy().name(), name -> selection(name, notice.policy().policy().alertTargets()));
        Severity severity = notice.decision().severity() != null ? notice.decision().severity() : Severity.INFO;
        List<String> outcomes = new ArrayList<>();
        for (AlertTarget target : targets) {
            String name = target.name();
            if (!selection.selects(name)) {
                continue;
            }
            if (!target.configuredFor(notice)) {
                if (selection.lists(name)) {
                    outcomes.add(name + ": not configured");
                }
                continue;
            }
            Severity threshold = selection.minSeverity(name);
            if (severity.compareTo(threshold) < 0) {
                outcomes.add(name + ": below " + threshold);
                continue;
            }
            try {
                outcomes.add(name + ": " + target.send(notice));
                metrics.alerted(notice.policy().name(), name, true);
            } catch (RuntimeException e) {
                metrics.alerted(notice.policy().name(), name, false);
                String error = errorText(e);
                LOG.warnf("alert for %s on event %s not sent to %s: %s", notice.policy().name(), notice.event().eventId(), name, error);
                outcomes.add(name + ": failed: " + error);
            }
        }
        return outcomes.isEmpty() ? NONE : String.join("; ", outcomes);
    }

    /** Whether a summary returned by {@link #send} tells of a target that failed (for a retry or a dedup release). */
    public static boolean failed(String summary) {
        return summary != null && summary.contains(": failed: ");
    }

    private AlertSelection selection(String policy, List<String> declared) {
        AlertSelection selection = AlertSelection.of(policy, declared, config);
        for (String listed : selection.listed()) {
            if (!names.contains(listed) && !"none".equals(listed)) {
                LOG.warnf("trailguard.policies.%s.alert-targets names %s, which is not an alert target (%s)", policy, listed,
                        String.join(", ", names));
            }
        }
        return selection;
    }

    /** The error's type and message only: targets throw messages that hold no URL or secret. */
    static String errorText(RuntimeException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        message = message.length() > 300 ? message.substring(0, 300) + "…" : message;
        return e.getClass().getSimpleName() + ": " + message;
    }
}
