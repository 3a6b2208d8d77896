package io.trailguard.infra;

import static io.trailguard.infra.Synth.context;
import static io.trailguard.infra.Synth.props;
import static io.trailguard.infra.Synth.resources;
import static io.trailguard.infra.Synth.statements;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Template;

/** The alarms (each watched thing, its threshold, its action) and the dashboard of a region. */
class OperationsTest {

    static final String OPERATIONS_TOPIC = "arn:aws:sns:us-east-1:111111111111:ops-pager";

    final Template template = Synth.template(Synth.app(context("regions", "us-east-1", "sqsBuffered", "s3",
            "alertOnlyWithoutFunction", "true")), "trailguard-us-east-1");
    final Map<String, Map<String, Object>> alarms = resources(template, "AWS::CloudWatch::Alarm");
    final Object alertTopic = Map.of("Ref", resources(template, "AWS::SNS::Topic").keySet().iterator().next());

    @Test
    void everyDeadLetterQueueHoldingAMessageAlarms() {
        Map<String, Map<String, Object>> queues = resources(template, "AWS::SQS::Queue");
        List<String> deadLetters = queues.keySet().stream().filter(id -> id.startsWith("InterceptionDeadLetters")).toList();
        assertTrue(deadLetters.size() >= 3, "a queue per function and the rule-only alerts': " + deadLetters);
        for (String queue : deadLetters) {
            Map<String, Object> alarm = alarmOn("AWS/SQS", "ApproximateNumberOfMessagesVisible",
                    Map.of("QueueName", Map.of("Fn::GetAtt", List.of(queue, "QueueName"))));
            assertFiresAtOne(alarm, "Maximum", alertTopic);
        }
        assertFalse(queues.keySet().stream().filter(id -> id.startsWith("InterceptionBuffer"))
                .anyMatch(buffer -> alarmExists(Map.of("QueueName", Map.of("Fn::GetAtt", List.of(buffer, "QueueName"))))),
                "a buffer queue holds messages in normal operation: no alarm on it");
    }

    @Test
    void everyFunctionsErrorsThrottlesFailedRemediationsAndFailedAlertsAlarm() {
        Map<String, Map<String, Object>> functions = resources(template, "AWS::Lambda::Function");
        assertTrue(functions.size() >= 10);
        functions.forEach((id, function) -> {
            @SuppressWarnings("unchecked")
            String handler = (String) ((Map<String, Map<String, Object>>) props(function).get("Environment")).get("Variables")
                    .get("QUARKUS_LAMBDA_HANDLER");
            Map<String, Object> byFunction = Map.of("FunctionName", Map.of("Ref", id));
            assertFiresAtOne(alarmOn("AWS/Lambda", "Errors", byFunction), "Sum", alertTopic);
            assertFiresAtOne(alarmOn("AWS/Lambda", "Throttles", byFunction), "Sum", alertTopic);
            // the app's own metrics, over all the function's policies: the handler dimension set of its EMF lines
            assertFiresAtOne(alarmOn("trailguard", "ActionsFailed", Map.of("handler", handler)), "Sum", alertTopic);
            assertFiresAtOne(alarmOn("trailguard", "AlertsFailed", Map.of("handler", handler)), "Sum", alertTopic);
        });
    }

    @Test
    void everyRulesFailedInvocationsAlarm() {
        Map<String, Map<String, Object>> rules = resources(template, "AWS::Events::Rule");
        for (String rule : rules.keySet()) {
            assertFiresAtOne(alarmOn("AWS/Events", "FailedInvocations", Map.of("RuleName", Map.of("Ref", rule))), "Sum", alertTopic);
        }
        assertEquals(rules.size(), alarms.values().stream().filter(a -> "FailedInvocations".equals(props(a).get("MetricName"))).count());
    }

    @Test
    void theAlertTopicsKeyLetsCloudWatchPublish() {
        Map<String, Object> key = resources(template, "AWS::KMS::Key").values().iterator().next();
        assertTrue(statements(props(key).get("KeyPolicy")).stream().anyMatch(s -> "CloudWatchAlarmsUse".equals(s.get("Sid"))
                && Map.of("Service", "cloudwatch.amazonaws.com").equals(s.get("Principal"))));
    }

    @Test
    void anOperationsTopicTakesEveryAlarm() {
        App app = Synth.app(context("regions", "us-east-1", "operationsTopicArn", OPERATIONS_TOPIC));
        Template withTopic = Synth.template(app, "trailguard-us-east-1");
        Map<String, Map<String, Object>> all = resources(withTopic, "AWS::CloudWatch::Alarm");
        assertFalse(all.isEmpty());
        all.values().forEach(alarm -> assertEquals(List.of(OPERATIONS_TOPIC), props(alarm).get("AlarmActions")));
        Map<String, Object> key = resources(withTopic, "AWS::KMS::Key").values().iterator().next();
        assertTrue(statements(props(key).get("KeyPolicy")).stream().noneMatch(s -> "CloudWatchAlarmsUse".equals(s.get("Sid"))));
    }

    @Test
    void theOrganizationsRulesAreWatchedOnTheirBus() {
        App app = Synth.app(context("deployment", "organization", "organizationId", "o-abc123", "centralAccount", "111111111111",
                "regions", "us-east-1"));
        Template central = Synth.template(app, "trailguard-central-us-east-1");
        String bus = resources(central, "AWS::Events::EventBus").keySet().iterator().next();
        Map<String, Map<String, Object>> rules = resources(central, "AWS::Events::Rule");
        Map<String, Map<String, Object>> all = resources(central, "AWS::CloudWatch::Alarm");
        for (String rule : rules.keySet()) {
            assertTrue(all.values().stream().anyMatch(a -> "FailedInvocations".equals(props(a).get("MetricName"))
                    && dimensions(a).equals(Map.of("EventBusName", Map.of("Ref", bus), "RuleName", Map.of("Ref", rule)))), rule);
        }
    }

    @Test
    void oneDashboardPerRegionWithDecisionsActionsFailuresLatencyAndDeadLetters() {
        App app = Synth.app(context("regions", "us-east-1,eu-west-1"));
        for (String region : List.of("us-east-1", "eu-west-1")) {
            Template regional = Synth.template(app, "trailguard-" + region);
            Map<String, Map<String, Object>> dashboards = resources(regional, "AWS::CloudWatch::Dashboard");
            assertEquals(1, dashboards.size(), region);
            Map<String, Object> dashboard = dashboards.values().iterator().next();
            assertEquals("trailguard-" + region, props(dashboard).get("DashboardName"));
            String body = body(props(dashboard).get("DashboardBody"));
            for (String expected : List.of("Decisions per policy", "{trailguard,handler,policy} MetricName=\\\"Decisions\\\"",
                    "Actions applied per policy", "{trailguard,handler,policy} MetricName=\\\"ActionsApplied\\\"",
                    "MetricName=\\\"ActionsFailed\\\"", "MetricName=\\\"AlertsFailed\\\"", "MetricName=\\\"InputsRejected\\\"",
                    "Function errors and throttles", "\"Errors\"", "\"Throttles\"",
                    "MetricName=\\\"TimeToDecide\\\"', 'p99'", "MetricName=\\\"TimeToRemediate\\\"', 'p90'",
                    "Dead-letter queue depth", "ApproximateNumberOfMessagesVisible", "Alarms")) {
                assertTrue(body.contains(expected), region + " dashboard has " + expected + ": " + body);
            }
            long queues = resources(regional, "AWS::SQS::Queue").keySet().stream().filter(id -> id.startsWith("InterceptionDeadLetters")).count();
            assertEquals(queues, body.split("ApproximateNumberOfMessagesVisible", -1).length - 1, "one depth line per dead-letter queue");
        }
    }

    private Map<String, Object> alarmOn(String namespace, String metric, Map<String, Object> dimensions) {
        List<Map<String, Object>> found = alarms.values().stream().filter(a -> namespace.equals(props(a).get("Namespace"))
                && metric.equals(props(a).get("MetricName")) && dimensions(a).equals(dimensions)).toList();
        assertEquals(1, found.size(), "one alarm on " + namespace + " " + metric + " " + dimensions);
        return found.get(0);
    }

    private boolean alarmExists(Map<String, Object> dimensions) {
        return alarms.values().stream().anyMatch(a -> dimensions(a).equals(dimensions));
    }

    /** At the first occurrence in a period, to the topic; no data is no failure. */
    private static void assertFiresAtOne(Map<String, Object> alarm, String statistic, Object topic) {
        Map<String, Object> p = props(alarm);
        assertEquals(1, ((Number) p.get("Threshold")).intValue(), String.valueOf(p));
        assertEquals("GreaterThanOrEqualToThreshold", p.get("ComparisonOperator"));
        assertEquals(1, p.get("EvaluationPeriods"));
        assertEquals(statistic, p.get("Statistic"));
        assertEquals("notBreaching", p.get("TreatMissingData"));
        assertEquals(List.of(topic), p.get("AlarmActions"));
        assertTrue(String.valueOf(p.get("AlarmDescription")).startsWith("trailguard: "));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> dimensions(Map<String, Object> alarm) {
        return ((List<Map<String, Object>>) props(alarm).getOrDefault("Dimensions", List.of())).stream()
                .collect(Collectors.toMap(d -> (String) d.get("Name"), d -> d.get("Value")));
    }

    /** The dashboard's JSON with its references left as their CloudFormation form. */
    @SuppressWarnings("unchecked")
    private static String body(Object body) {
        if (body instanceof String text) {
            return text;
        }
        List<Object> parts = (List<Object>) ((List<Object>) ((Map<String, Object>) body).get("Fn::Join")).get(1);
        return parts.stream().map(String::valueOf).collect(Collectors.joining());
    }
}
