package io.trailguard.notify;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** DynamoDB's attribute values as its JSON writes them: {@code {"S": "text"}}, {@code {"N": "12"}}, {@code {"M": {...}}}. */
public final class AttributeValues {

    private AttributeValues() {
    }

    public static ObjectNode s(String text) {
        return JsonNodeFactory.instance.objectNode().put("S", text);
    }

    /** Numbers travel as text, DynamoDB's way of keeping their precision. */
    public static ObjectNode n(long number) {
        return JsonNodeFactory.instance.objectNode().put("N", Long.toString(number));
    }

    public static ObjectNode m(Map<String, ? extends JsonNode> values) {
        ObjectNode m = JsonNodeFactory.instance.objectNode();
        m.putObject("M").setAll(values);
        return m;
    }

    /** The number attribute {@code name} of {@code item}. */
    public static long n(JsonNode item, String name) {
        return n(item.path(name));
    }

    /** A number value ({@code {"N": "12"}}). */
    public static long n(JsonNode value) {
        return Long.parseLong(value.path("N").asText());
    }

    /** The string attribute {@code name} of {@code item}, null when it has none. */
    public static String s(JsonNode item, String name) {
        return item.path(name).path("S").asText(null);
    }
}
