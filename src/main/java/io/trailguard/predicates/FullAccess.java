package io.trailguard.predicates;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Whether an IAM policy document allows {@code Action: "*"} on {@code Resource: "*"}: administrator access. */
public final class FullAccess {

    private FullAccess() {
    }

    public static boolean granted(ObjectMapper mapper, String document) {
        try {
            return granted(mapper.readTree(document));
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    public static boolean granted(JsonNode document) {
        if (document == null || !document.isObject()) {
            return false;
        }
        JsonNode statements = document.get("Statement");
        if (statements == null) {
            return false;
        }
        if (statements.isObject()) {
            return fullAccess(statements);
        }
        for (JsonNode statement : statements) {
            if (fullAccess(statement)) {
                return true;
            }
        }
        return false;
    }

    private static boolean fullAccess(JsonNode statement) {
        return "Allow".equals(statement.path("Effect").asText())
                && hasStar(statement.get("Action")) && hasStar(statement.get("Resource"));
    }

    private static boolean hasStar(JsonNode value) {
        if (value == null) {
            return false;
        }
        if (value.isTextual()) {
            return "*".equals(value.asText());
        }
        for (JsonNode item : value) {
            if ("*".equals(item.asText())) {
                return true;
            }
        }
        return false;
    }
}
