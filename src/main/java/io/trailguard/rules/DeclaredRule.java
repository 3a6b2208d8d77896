package io.trailguard.rules;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import io.trailguard.event.TrailEvent;
import io.trailguard.policy.ActionSpec;
import io.trailguard.policy.Decision;
import io.trailguard.policy.Exemptions;
import io.trailguard.policy.FailedCalls;
import io.trailguard.policy.Mode;
import io.trailguard.policy.Policy;
import io.trailguard.policy.RateLimit;
import io.trailguard.policy.ResourceRef;
import io.trailguard.policy.Severity;
import io.trailguard.policy.Threshold;

/**
 * A policy written as data (rule-format.md): its pattern compiles into the registry's machine beside the Java
 * policies', its conditions and templates decide from the event alone, and downstream it is a policy like any other.
 * Built only by {@link RuleReader}, which has checked every field.
 */
public record DeclaredRule(
        String name,
        String handler,
        String description,
        Severity severity,
        Mode defaultMode,
        CheckedPattern checkedPattern,
        Condition condition,
        Optional<String> resourceType,
        Optional<Template> resourceId,
        Template finding,
        List<ActionTemplate> actionTemplates,
        Exemptions exemptions,
        List<String> alertTargets,
        FailedCalls failedCalls,
        boolean readOnlyEvents,
        Optional<Threshold> threshold,
        Optional<RateLimit> rateLimit,
        List<String> attackTechniques,
        Optional<String> runbook) implements Policy {

    /** The last event's tree: the rules an event matches decide one after another, so it is converted once, not per rule. */
    private static volatile EventTree last;

    private record EventTree(TrailEvent event, JsonNode tree) {
    }

    @Override
    public String pattern() {
        return checkedPattern.json();
    }

    @Override
    public List<String> actions() {
        return actionTemplates.stream().map(ActionTemplate::name).distinct().toList();
    }

    @Override
    public List<String> resourceTypes() {
        return resourceType.map(List::of).orElse(List.of());
    }

    @Override
    public Decision decide(TrailEvent event) {
        // the event as the pattern saw it (the fields trailguard models): what templates and predicates read
        JsonNode tree = tree(event);
        if (!condition.holds(tree)) {
            return Decision.noMatch("the conditions of rule " + name + " do not hold");
        }
        ResourceRef resource = resourceType.map(type -> new ResourceRef(type, resourceId.map(id -> id.render(tree)).orElse("?"))).orElse(null);
        List<String> findings = List.of(finding.render(tree));
        List<ActionSpec> specs = actionTemplates.isEmpty() ? List.of() : actionTemplates.stream().map(a -> a.render(tree)).toList();
        return specs.isEmpty() ? Decision.alert(severity, resource, description, findings)
                : Decision.remediate(severity, resource, description, findings, specs);
    }

    /** Read only by templates and predicates, never changed: one tree can serve every rule and thread. */
    private static JsonNode tree(TrailEvent event) {
        EventTree cached = last;
        if (cached != null && cached.event() == event) {
            return cached.tree();
        }
        JsonNode tree = ModelTree.of(event);
        last = new EventTree(event, tree);
        return tree;
    }
}
