package io.trailguard.policies;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.trailguard.AlertInbox;
import io.trailguard.Lambda;
import io.trailguard.MotoServer;
import io.trailguard.SampleEvents;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.RuleState;
import software.amazon.awssdk.services.sns.SnsClient;

/** trailguard-rules-tampered end to end: trailguard's own rules in moto's EventBridge. */
@QuarkusTest
class TrailguardRulesTamperedRemediationTest {

    static final String POLICY = "trailguard-rules-tampered";
    // the rules named in the samples under events/trailguard-rules-tampered/
    static final String RULE = "trailguard-us-east-1-InterceptionRules3publicbuc-1XQ7ZK2M3ABC";
    static final String CENTRAL_RULE = "trailguard-central-us-east-1-InterceptionRuleiam-9KJH2G4F5DSA";
    static final String CENTRAL_BUS = "trailguard-central";
    static final String PATTERN = "{\"source\":[\"aws.s3\"],\"detail-type\":[\"AWS API Call via CloudTrail\"]}";

    @Inject
    EventBridgeClient events;
    @Inject
    SnsClient sns;
    @Inject
    ObjectMapper mapper;

    AlertInbox alerts;

    @BeforeEach
    void freshAccount() {
        MotoServer.reset();
        alerts = AlertInbox.create(sns);
    }

    @AfterEach
    void close() {
        alerts.close();
    }

    @Test
    void disabledRuleIsEnabledAgainAlertedCriticalAndASecondDeliveryChangesNothing() throws Exception {
        events.putRule(b -> b.name(RULE).eventPattern(PATTERN));
        events.disableRule(b -> b.name(RULE));
        assertEquals(RuleState.DISABLED, state(RULE, "default"), "precondition: the rule is disabled");
        String event = SampleEvents.read(POLICY, "disable-rule");

        Lambda.invoke(event).statusCode(200).body("decisions[0].policy", equalTo(POLICY))
                .body("decisions[0].actions.action", equalTo(List.of("events.enable-rule")))
                .body("decisions[0].actions.outcome", equalTo(List.of("applied")));

        assertEquals(RuleState.ENABLED, state(RULE, "default"));
        JsonNode alert = onlyAlert();
        assertEquals("CRITICAL", alert.path("severity").asText());
        assertEquals("events.amazonaws.com DisableRule", alert.path("what").asText());

        Lambda.invoke(event).statusCode(200).body("decisions[0].actions.outcome", equalTo(List.of("already-compliant")));
    }

    @Test
    void aRuleOnTheCentralBusIsEnabledOnThatBus() {
        events.createEventBus(b -> b.name(CENTRAL_BUS));
        events.putRule(b -> b.name(CENTRAL_RULE).eventBusName(CENTRAL_BUS).eventPattern(PATTERN));
        events.disableRule(b -> b.name(CENTRAL_RULE).eventBusName(CENTRAL_BUS));

        Lambda.invoke(SampleEvents.read(POLICY, "disable-rule-on-central-bus")).statusCode(200)
                .body("decisions[0].actions.outcome", equalTo(List.of("applied")));

        assertEquals(RuleState.ENABLED, state(CENTRAL_RULE, CENTRAL_BUS));
    }

    @Test
    void removedTargetsAreAlertedCriticalWithNothingToUndo() throws Exception {
        Lambda.invoke(SampleEvents.read(POLICY, "remove-targets")).statusCode(200)
                .body("decisions[0].severity", equalTo("CRITICAL"))
                .body("decisions[0].actions", equalTo(List.of()));

        assertTrue(onlyAlert().path("findings").toString().contains("redeploy trailguard"));
    }

    @Test
    void someoneElsesDisabledRuleIsLeftAlone() {
        events.putRule(b -> b.name("nightly-backup-schedule").scheduleExpression("cron(0 3 * * ? *)"));
        events.disableRule(b -> b.name("nightly-backup-schedule"));

        Lambda.invoke(SampleEvents.read(POLICY, "disable-someone-elses-rule")).statusCode(200)
                .body("decisions[0].matched", equalTo(false));

        assertEquals(RuleState.DISABLED, state("nightly-backup-schedule", "default"));
        assertTrue(alerts.messages().isEmpty());
    }

    private RuleState state(String rule, String bus) {
        return events.describeRule(b -> b.name(rule).eventBusName(bus)).state();
    }

    private JsonNode onlyAlert() throws Exception {
        List<String> messages = alerts.messages();
        assertEquals(1, messages.size(), "one alert: " + messages);
        return mapper.readTree(messages.get(0));
    }
}
