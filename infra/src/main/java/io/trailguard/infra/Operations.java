package io.trailguard.infra;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.AlarmStatusWidget;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IAlarm;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sqs.Queue;
import software.constructs.Construct;

/**
 * What an operator watches in one region: an alarm for every dead-letter queue holding a message, every function's
 * errors and throttles, its failed remediations and failed alert deliveries (the app's Embedded Metric Format
 * metrics, namespace {@value #NAMESPACE}), and every rule's failed invocations; all to the alert topic, or to the
 * operations topic when one is configured; and one dashboard. README "Operating trailguard" says what each means.
 */
public class Operations extends Construct {

    /** The app's metric namespace (notify/EmfDocument). */
    static final String NAMESPACE = "trailguard";
    static final Duration PERIOD = Duration.minutes(5);

    private final Map<String, Alarm> alarms = new LinkedHashMap<>();

    public Operations(Construct scope, String id, Interception interception, Map<String, Queue> deadLetters, Settings settings,
            String region, String busName) {
        super(scope, id);
        ITopic topic = settings.operationsTopicArn().<ITopic>map(arn -> Topic.fromTopicArn(this, "OperationsTopic", arn))
                .orElse(interception.alerts());
        if (settings.operationsTopicArn().isEmpty()) {
            // alarms publish to the KMS-encrypted alert topic: CloudWatch needs the key
            interception.key().addToResourcePolicy(PolicyStatement.Builder.create().sid("CloudWatchAlarmsUse").effect(Effect.ALLOW)
                    .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
                    .actions(List.of("kms:Decrypt", "kms:GenerateDataKey")).resources(List.of("*"))
                    .conditions(Map.of("StringEquals", Map.of("aws:SourceAccount", Aws.ACCOUNT_ID))).build());
            // a topic policy of its own (EventBridge's, for the alert-only rules) replaces SNS's default one, which let
            // the account's alarms publish: they need their own statement then
            if (interception.alerts().getNode().tryFindChild("Policy") != null) {
                interception.alerts().addToResourcePolicy(PolicyStatement.Builder.create().sid("CloudWatchAlarmsPublish").effect(Effect.ALLOW)
                        .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
                        .actions(List.of("sns:Publish")).resources(List.of(interception.alerts().getTopicArn()))
                        .conditions(Map.of("ArnLike", Map.of("aws:SourceArn",
                                "arn:" + Aws.PARTITION + ":cloudwatch:" + Aws.REGION + ":" + Aws.ACCOUNT_ID + ":alarm:*"))).build());
            }
        }
        SnsAction action = new SnsAction(topic);

        deadLetters.forEach((name, queue) -> alarm("DeadLetters-" + name, queue.metricApproximateNumberOfMessagesVisible(
                MetricOptions.builder().statistic("Maximum").period(Duration.minutes(1)).build()),
                "trailguard: the " + name + " dead-letter queue holds an event that failed for good; see it with redrive", action));
        interception.functions().forEach((handler, function) -> {
            alarm("Errors-" + handler, function.metricErrors(sum()),
                    "trailguard: the " + handler + " function failed an invocation (Lambda retries it, then its dead-letter queue)", action);
            alarm("Throttles-" + handler, function.metricThrottles(sum()),
                    "trailguard: the " + handler + " function was throttled (reserved concurrency or the account's limit)", action);
            alarm("FailedRemediations-" + handler, app("ActionsFailed", handler),
                    "trailguard: a remediation of the " + handler + " function failed (AWS refused or kept failing the call)", action);
            alarm("FailedAlerts-" + handler, app("AlertsFailed", handler),
                    "trailguard: an alert of the " + handler + " function was not delivered to one of its targets", action);
        });
        interception.rules().forEach((policy, rule) -> alarm("FailedInvocations-" + policy, failedInvocations(rule, busName),
                "trailguard: EventBridge could not deliver an event of rule " + policy + " to its target", action));

        dashboard(interception, deadLetters, region);
    }

    /** The alarms by construct id ({@code DeadLetters-s3}, {@code Errors-iam}, {@code FailedInvocations-public-bucket} …). */
    public Map<String, Alarm> alarms() {
        return alarms;
    }

    private void alarm(String id, IMetric metric, String description, SnsAction action) {
        Alarm alarm = Alarm.Builder.create(this, "Alarm-" + id).metric(metric).threshold(1).evaluationPeriods(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                // no data is no failure: the metrics of the app exist only once something happened
                .treatMissingData(TreatMissingData.NOT_BREACHING).alarmDescription(description).build();
        alarm.addAlarmAction(action);
        alarms.put(id, alarm);
    }

    private static MetricOptions sum() {
        return MetricOptions.builder().statistic("Sum").period(PERIOD).build();
    }

    /** A metric of the app, over every policy of one function (the {@code handler} dimension set). */
    private static Metric app(String name, String handler) {
        return Metric.Builder.create().namespace(NAMESPACE).metricName(name).dimensionsMap(Map.of("handler", handler))
                .statistic("Sum").period(PERIOD).build();
    }

    /** A rule on a custom bus (the organization's) has its bus among its metric's dimensions. */
    private static Metric failedInvocations(Rule rule, String busName) {
        Map<String, String> dimensions = new LinkedHashMap<>();
        if (!"default".equals(busName)) {
            dimensions.put("EventBusName", busName);
        }
        dimensions.put("RuleName", rule.getRuleName());
        return Metric.Builder.create().namespace("AWS/Events").metricName("FailedInvocations").dimensionsMap(dimensions)
                .statistic("Sum").period(PERIOD).build();
    }

    private void dashboard(Interception interception, Map<String, Queue> deadLetters, String region) {
        Dashboard dashboard = Dashboard.Builder.create(this, "Dashboard").dashboardName("trailguard-" + region).build();
        dashboard.addWidgets(
                graph("Decisions per policy", search("{trailguard,handler,policy} MetricName=\"Decisions\"", "Sum")),
                graph("Actions applied per policy", search("{trailguard,handler,policy} MetricName=\"ActionsApplied\"", "Sum")));
        List<IMetric> lambdaFailures = new ArrayList<>();
        interception.functions().forEach((handler, function) -> {
            lambdaFailures.add(labelled(function.metricErrors(sum()), handler + " errors"));
            lambdaFailures.add(labelled(function.metricThrottles(sum()), handler + " throttles"));
        });
        dashboard.addWidgets(
                graph("Failures: remediations, alerts, rejected inputs",
                        search("{trailguard,handler} MetricName=\"ActionsFailed\"", "Sum"),
                        search("{trailguard,handler} MetricName=\"AlertsFailed\"", "Sum"),
                        search("{trailguard,handler} MetricName=\"ActionsRefused\"", "Sum"),
                        search("{trailguard,handler} MetricName=\"InputsRejected\"", "Sum")),
                GraphWidget.Builder.create().title("Function errors and throttles").left(lambdaFailures).width(12).build());
        dashboard.addWidgets(
                graph("Time to decide (ms): p50, p99", search("{trailguard,handler} MetricName=\"TimeToDecide\"", "p50"),
                        search("{trailguard,handler} MetricName=\"TimeToDecide\"", "p99")),
                graph("Time to remediate (ms): p50, p90, p99", search("{trailguard,handler} MetricName=\"TimeToRemediate\"", "p50"),
                        search("{trailguard,handler} MetricName=\"TimeToRemediate\"", "p90"),
                        search("{trailguard,handler} MetricName=\"TimeToRemediate\"", "p99")));
        List<IMetric> depth = new ArrayList<>();
        deadLetters.forEach((name, queue) -> depth.add(labelled(queue.metricApproximateNumberOfMessagesVisible(
                MetricOptions.builder().statistic("Maximum").period(PERIOD).build()), name)));
        dashboard.addWidgets(
                GraphWidget.Builder.create().title("Dead-letter queue depth").left(depth).width(12).build(),
                AlarmStatusWidget.Builder.create().title("Alarms").alarms(List.<IAlarm>copyOf(alarms.values())).width(12).build());
    }

    private static GraphWidget graph(String title, IMetric... metrics) {
        return GraphWidget.Builder.create().title(title).left(List.of(metrics)).width(12).build();
    }

    /** Every time series of the search: one per policy or per function, however many the deployment has. */
    private static MathExpression search(String query, String statistic) {
        return MathExpression.Builder.create().expression("SEARCH('" + query + "', '" + statistic + "', 300)")
                .usingMetrics(Map.of()).label("").period(PERIOD).build();
    }

    private static IMetric labelled(Metric metric, String label) {
        return metric.with(MetricOptions.builder().label(label).build());
    }
}
