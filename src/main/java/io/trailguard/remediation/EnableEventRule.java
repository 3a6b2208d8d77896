package io.trailguard.remediation;

import java.util.List;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.trailguard.policy.ActionSpec;
import io.trailguard.predicates.AwsIdentifiers;

/**
 * Enables an EventBridge rule that was disabled, on the event bus it is on. EventBridge's awsJson API as signed calls
 * ({@link SignedJsonCall}), without the SDK's client.
 */
@ApplicationScoped
public class EnableEventRule implements ActionExecutor {

    public static final String NAME = "events.enable-rule";

    // rules of the default bus; a custom bus's are rule/<bus>/<name>, which the function's grant (*) covers too
    private static final String RULE_ARN = "arn:aws:events:*:*:rule/${rule}";

    private final SignedJsonCall events;

    public EnableEventRule(AwsClientConfig config, AccountCredentials credentials) {
        this.events = SignedJsonCall.of("events", config, credentials);
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
        String state = events.target(SignedJsonCall.AwsJsonApi.EVENTS, "DescribeRule", rule(spec)).path("State").asText();
        // ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS is enabled too: EnableRule would narrow it back to ENABLED
        return state.equals("DISABLED");
    }

    @Override
    public void apply(ActionSpec spec) {
        events.target(SignedJsonCall.AwsJsonApi.EVENTS, "EnableRule", rule(spec));
    }

    private static ObjectNode rule(ActionSpec spec) {
        return JsonNodeFactory.instance.objectNode().put("Name", spec.string("rule")).put("EventBusName", spec.string("event-bus"));
    }

    @PreDestroy
    void close() {
        events.close();
    }
}
