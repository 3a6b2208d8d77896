package io.trailguard.remediation;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.trailguard.policy.ActionSpec;
import io.trailguard.predicates.AwsIdentifiers;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.RuleState;

/** Enables an EventBridge rule that was disabled, on the event bus it is on. */
@ApplicationScoped
public class EnableEventRule implements ActionExecutor {

    public static final String NAME = "events.enable-rule";

    // rules of the default bus; a custom bus's are rule/<bus>/<name>, which the function's grant (*) covers too
    private static final String RULE_ARN = "arn:aws:events:*:*:rule/${rule}";

    private final EventBridgeClient events;

    public EnableEventRule(EventBridgeClient events) {
        this.events = events;
    }

    public static ActionSpec spec(String rule, String eventBus) {
        return ActionSpec.of(NAME, "rule", rule, "event-bus", eventBus);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Permission> permissions() {
        return List.of(new Permission("events:DescribeRule", RULE_ARN), new Permission("events:EnableRule", RULE_ARN));
    }

    @Override
    public String refusal(ActionSpec spec) {
        return ParamCheck.first(ParamCheck.string(spec, "rule", AwsIdentifiers::isEventRuleName, "an EventBridge rule name"),
                ParamCheck.string(spec, "event-bus", AwsIdentifiers::isEventBusNameOrArn, "an event bus name or ARN"));
    }

    @Override
    public String target(ActionSpec spec) {
        return "EventBridge rule " + spec.string("rule") + " on bus " + spec.string("event-bus");
    }

    @Override
    public boolean needed(ActionSpec spec) {
        RuleState state = events.describeRule(b -> b.name(spec.string("rule")).eventBusName(spec.string("event-bus"))).state();
        // ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS is enabled too: EnableRule would narrow it back to ENABLED
        return state == RuleState.DISABLED;
    }

    @Override
    public void apply(ActionSpec spec) {
        events.enableRule(b -> b.name(spec.string("rule")).eventBusName(spec.string("event-bus")));
    }
}
