package io.trailguard.notify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One log line in CloudWatch's Embedded Metric Format: the metrics of one set of dimension values. CloudWatch
 * Logs turns it into metrics with no API call of ours. Dimensions are ordered coarse to fine ({@code handler},
 * then {@code policy} …) and each metric is published under every leading part of them, so that an alarm can
 * watch a whole function ({@code handler}) and a dashboard break it down per policy.
 */
record EmfDocument(Map<String, String> dimensions, Map<String, Metric> metrics) {

    static final String NAMESPACE = "trailguard";
    /** The specification's caps: values per metric, metrics per directive, dimensions per set. */
    static final int MAX_VALUES = 100;
    static final int MAX_METRICS = 100;
    static final int MAX_DIMENSIONS = 30;

    /** A metric's unit and its values in this line (CloudWatch aggregates an array as so many samples). */
    record Metric(String unit, List<Double> values) {

        static Metric count() {
            return new Metric("Count", new ArrayList<>(List.of(0.0)));
        }

        static Metric milliseconds() {
            return new Metric("Milliseconds", new ArrayList<>());
        }

        void add(double value) {
            if ("Count".equals(unit)) {
                values.set(0, values.get(0) + value);
            } else {
                values.add(value);
            }
        }

        boolean full() {
            return values.size() >= MAX_VALUES;
        }
    }

    static EmfDocument of(Map<String, String> dimensions) {
        return new EmfDocument(new LinkedHashMap<>(dimensions), new LinkedHashMap<>());
    }

    ObjectNode json(ObjectMapper mapper, long timestampMillis) {
        ObjectNode root = mapper.createObjectNode();
        ObjectNode aws = root.putObject("_aws");
        aws.put("Timestamp", timestampMillis);
        ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
        directive.put("Namespace", NAMESPACE);
        ArrayNode sets = directive.putArray("Dimensions");
        List<String> names = new ArrayList<>(dimensions.keySet());
        for (int n = 1; n <= names.size(); n++) {
            ArrayNode set = sets.addArray();
            names.subList(0, n).forEach(set::add);
        }
        ArrayNode declared = directive.putArray("Metrics");
        metrics.forEach((name, metric) -> declared.addObject().put("Name", name).put("Unit", metric.unit()));
        dimensions.forEach(root::put);
        metrics.forEach((name, metric) -> {
            if (metric.values().size() == 1) {
                root.put(name, metric.values().get(0));
            } else {
                ArrayNode values = root.putArray(name);
                metric.values().forEach(values::add);
            }
        });
        return root;
    }
}
