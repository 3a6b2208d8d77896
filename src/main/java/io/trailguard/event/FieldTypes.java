package io.trailguard.event;

import java.util.Collection;
import java.util.List;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;

/** Says, in words fit for an audit line, which field of an event has the wrong JSON type and what it should be. */
final class FieldTypes {

    private FieldTypes() {
    }

    /** {@code "detail.eventName: expected a string, got an object"}, or {@code "detail: missing, expected an object"}. */
    static String wrong(String path, String expected, JsonNode actual) {
        if (actual == null || actual.isNull() || actual.isMissingNode()) {
            return path + ": missing, expected " + expected;
        }
        if (actual.isTextual() && actual.asText().isBlank() && expected.contains("non-empty")) {
            return path + ": expected " + expected + ", got an empty string";
        }
        return path + ": expected " + expected + ", got " + kind(actual);
    }

    static String kind(JsonNode node) {
        if (node.isObject()) {
            return "an object";
        }
        if (node.isArray()) {
            return "an array";
        }
        if (node.isNumber()) {
            return "a number";
        }
        if (node.isBoolean()) {
            return "a boolean";
        }
        if (node.isTextual()) {
            return "a string";
        }
        return "a " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }

    /** What the model field Jackson could not fill expects, from the Java type of that field. */
    static String expected(Class<?> type) {
        if (type == null) {
            return "another type";
        }
        if (CharSequence.class.isAssignableFrom(type)) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "a boolean";
        }
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
            return "a number";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "an object";
    }

    /** The JSON path of a mapping failure: {@code detail.resources[0].ARN}. */
    static String path(List<JsonMappingException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : references) {
            if (reference.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    /** The node at those references in a tree, or null when it is not there. */
    static JsonNode at(JsonNode root, List<JsonMappingException.Reference> references) {
        JsonNode node = root;
        for (JsonMappingException.Reference reference : references) {
            if (node == null) {
                return null;
            }
            node = reference.getFieldName() != null ? node.get(reference.getFieldName()) : node.get(reference.getIndex());
        }
        return node;
    }
}
