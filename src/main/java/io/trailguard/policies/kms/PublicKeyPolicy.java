package io.trailguard.policies.kms;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.trailguard.predicates.PublicAccess;

/**
 * The statements of a KMS key policy that let anyone use the key: an Allow for principal {@code *} that no
 * condition pins to known callers. Besides the keys S3 policies are restricted by, a key policy is pinned by
 * {@code kms:CallerAccount}, as AWS-managed key policies are.
 */
public final class PublicKeyPolicy {

    private PublicKeyPolicy() {
    }

    public static List<JsonNode> publicStatements(JsonNode policy) {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode statement : PublicAccess.statements(policy)) {
            if (PublicAccess.isPublic(statement) && !pinnedToCallerAccount(statement.get("Condition"))) {
                found.add(statement);
            }
        }
        return found;
    }

    private static boolean pinnedToCallerAccount(JsonNode condition) {
        if (condition == null || !condition.isObject()) {
            return false;
        }
        for (Iterator<Map.Entry<String, JsonNode>> operators = condition.fields(); operators.hasNext();) {
            Map.Entry<String, JsonNode> operator = operators.next();
            if (!operator.getKey().startsWith("StringEquals") || !operator.getValue().isObject()) {
                continue;
            }
            for (Iterator<Map.Entry<String, JsonNode>> keys = operator.getValue().fields(); keys.hasNext();) {
                Map.Entry<String, JsonNode> key = keys.next();
                if ("kms:calleraccount".equalsIgnoreCase(key.getKey()) && accountIds(key.getValue())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Only literal account ids pin: a wildcard lets every account in. */
    private static boolean accountIds(JsonNode values) {
        List<JsonNode> list = new ArrayList<>();
        if (values.isArray()) {
            values.forEach(list::add);
        } else {
            list.add(values);
        }
        return !list.isEmpty() && list.stream().allMatch(v -> v.asText().matches("\\d{12}"));
    }
}
