package io.trailguard.policies.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.Config;

import com.fasterxml.jackson.databind.JsonNode;

import io.trailguard.event.CloudTrailDetail;
import io.trailguard.event.TrailEvent;
import io.trailguard.policy.Decision;
import io.trailguard.policy.FailedCalls;
import io.trailguard.policy.HandlerNames;
import io.trailguard.policy.Mode;
import io.trailguard.policy.Policy;
import io.trailguard.policy.PolicySettings;
import io.trailguard.policy.ResourceRef;
import io.trailguard.policy.Setting;
import io.trailguard.policy.Severity;
import io.trailguard.remediation.EnableEventRule;

/**
 * Self-protection: trailguard's own EventBridge rules disabled, deleted or stripped of their targets, which blinds
 * it to every event those rules carried. A disabled rule is enabled again; a deleted rule or a removed target is
 * alerted on, to be redeployed. Its own rules are named by CloudFormation after their stack
 * ({@code trailguard-<region>-…}, {@code StackSet-trailguard-member-…}), or sit on its own bus ({@code trailguard-central}).
 * A rule cannot report its own disabling: this policy's rule is guarded by the others' alerts only.
 */
@ApplicationScoped
public class TrailguardRulesTampered implements Policy {

    static final Setting<List<String>> NAME_PREFIXES = Setting.texts("name-prefixes", List.of("trailguard-", "StackSet-trailguard-"));

    private static final String DEFAULT_BUS = "default";

    private final List<String> prefixes;

    public TrailguardRulesTampered(Config config) {
        this.prefixes = PolicySettings.of(name(), config).get(NAME_PREFIXES);
    }

    @Override
    public String name() {
        return "trailguard-rules-tampered";
    }

    @Override
    public String handler() {
        return HandlerNames.SECURITY;
    }

    @Override
    public String description() {
        return "trailguard's own EventBridge rules disabled, deleted or stripped of their targets";
    }

    @Override
    public String pattern() {
        return """
                {"source": ["aws.events"],
                 "detail-type": ["AWS API Call via CloudTrail"],
                 "detail": {"eventSource": ["events.amazonaws.com"],
                            "eventName": ["DisableRule", "DeleteRule", "RemoveTargets", "PutRule"]}}
                """;
    }

    @Override
    public List<String> actions() {
        return List.of(EnableEventRule.NAME);
    }

    @Override
    public List<String> resourceTypes() {
        return List.of(ResourceRef.EVENTS_RULE);
    }

    @Override
    public List<Setting<?>> settings() {
        return List.of(NAME_PREFIXES);
    }

    @Override
    public Mode defaultMode() {
        return Mode.ENFORCE;
    }

    @Override
    public FailedCalls failedCalls() {
        // a refused attempt to blind trailguard is an intruder testing what it may do
        return FailedCalls.ALERT;
    }

    @Override
    public List<String> attackTechniques() {
        return List.of("T1562.001");
    }

    @Override
    public List<String> findingTypes() {
        return List.of("TTPs/Defense Evasion");
    }

    @Override
    public Optional<String> runbook() {
        return Optional.of("https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rules.html");
    }

    @Override
    public Decision decide(TrailEvent event) {
        CloudTrailDetail detail = event.detail();
        // RemoveTargets names its rule "rule", the others "name"
        String rule = detail.requestParameter("RemoveTargets".equals(detail.eventName()) ? "rule" : "name");
        if (rule == null || rule.isBlank()) {
            return Decision.noMatch("no rule name in requestParameters");
        }
        String bus = detail.requestParameter("eventBusName");
        bus = bus == null || bus.isBlank() ? DEFAULT_BUS : bus;
        if (!ours(rule, bus)) {
            return Decision.noMatch("rule " + rule + " is not trailguard's (name prefixes " + String.join(", ", prefixes) + ")");
        }
        String region = detail.awsRegion() != null ? detail.awsRegion() : event.region();
        String busName = busName(bus);
        ResourceRef resource = new ResourceRef(ResourceRef.EVENTS_RULE, "arn:aws:events:" + region + ":" + event.account()
                + ":rule/" + (DEFAULT_BUS.equals(busName) ? "" : busName + "/") + rule);
        String where = "trailguard rule " + rule + (DEFAULT_BUS.equals(busName) ? "" : " on bus " + busName);
        return switch (detail.eventName()) {
            case "DisableRule" -> Decision.remediate(Severity.CRITICAL, resource, where + " disabled",
                    List.of(where + " disabled: the events it carries no longer reach trailguard"), List.of(EnableEventRule.spec(rule, bus)));
            case "PutRule" -> putRule(detail.requestParameters(), rule, bus, where, resource);
            case "DeleteRule" -> Decision.alert(Severity.CRITICAL, resource, where + " deleted",
                    List.of(where + " deleted: redeploy trailguard to restore it"));
            case "RemoveTargets" -> Decision.alert(Severity.CRITICAL, resource, "targets removed from " + where,
                    List.of("targets removed from " + where + ": " + targets(detail.requestParameters()) + "; redeploy trailguard to restore them"));
            default -> Decision.noMatch("not a rule change");
        };
    }

    private static Decision putRule(JsonNode request, String rule, String bus, String where, ResourceRef resource) {
        String state = request == null ? "" : request.path("state").asText("");
        if (!"DISABLED".equals(state)) {
            // left enabled: a changed pattern is not judged, deployments change it too
            return Decision.noMatch("rule updated, state " + (state.isEmpty() ? "unchanged" : state));
        }
        return Decision.remediate(Severity.CRITICAL, resource, where + " disabled",
                List.of(where + " put with state DISABLED: the events it carries no longer reach trailguard"),
                List.of(EnableEventRule.spec(rule, bus)));
    }

    private boolean ours(String rule, String bus) {
        String busName = busName(bus);
        return prefixes.stream().anyMatch(p -> rule.startsWith(p) || busName.startsWith(p));
    }

    /** The bus's name, also when the request gave its ARN. */
    private static String busName(String bus) {
        int slash = bus.indexOf(":event-bus/");
        return slash < 0 ? bus : bus.substring(slash + ":event-bus/".length());
    }

    private static String targets(JsonNode request) {
        List<String> ids = new ArrayList<>();
        if (request != null) {
            request.path("ids").forEach(id -> ids.add(id.asText()));
        }
        return ids.isEmpty() ? "ids not logged" : "ids " + String.join(", ", ids);
    }
}
