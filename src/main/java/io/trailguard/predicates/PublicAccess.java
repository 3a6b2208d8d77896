package io.trailguard.predicates;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What makes an S3 ACL grant or a bucket-policy statement public, after AWS's own definition: a grant to
 * the AllUsers or AuthenticatedUsers group; an Allow statement for principal {@code *} with no condition on
 * a key that pins the caller (source VPC/VPC endpoint/IP range/account/ARN, principal org/account/ARN).
 */
public final class PublicAccess {

    public static final String ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers";
    public static final String AUTHENTICATED_USERS = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers";

    /** Canned ACLs that grant the public groups. */
    public static final Set<String> PUBLIC_CANNED_ACLS = Set.of("public-read", "public-read-write", "authenticated-read");

    /** Condition keys that restrict a {@code *} principal to known callers (lower case, as IAM compares them). */
    private static final Set<String> RESTRICTING_KEYS = Set.of("aws:sourcevpce", "aws:sourcevpc", "aws:sourceip",
            "aws:sourcearn", "aws:sourceaccount", "aws:sourceowner", "aws:sourceorgid", "aws:sourceorgpaths",
            "aws:principalorgid", "aws:principalorgpaths", "aws:principalaccount", "aws:principalarn", "aws:userid",
            "s3:dataaccesspointarn", "s3:dataaccesspointaccount");

    private PublicAccess() {
    }

    public static boolean isPublicGroup(String uri) {
        return ALL_USERS.equals(uri) || AUTHENTICATED_USERS.equals(uri);
    }

    /** The statements of a policy document (a single statement or an array), as a list. */
    public static List<JsonNode> statements(JsonNode policy) {
        List<JsonNode> statements = new ArrayList<>();
        JsonNode node = policy == null ? null : policy.get("Statement");
        if (node == null) {
            return statements;
        }
        if (node.isArray()) {
            node.forEach(statements::add);
        } else if (node.isObject()) {
            statements.add(node);
        }
        return statements;
    }

    public static boolean isPublic(JsonNode statement) {
        if (statement == null || !statement.isObject() || !"Allow".equals(statement.path("Effect").asText())) {
            return false;
        }
        return anyoneIsPrincipal(statement.get("Principal")) && !restrictedByCondition(statement.get("Condition"));
    }

    private static boolean anyoneIsPrincipal(JsonNode principal) {
        if (principal == null) {
            return false;
        }
        if (principal.isTextual()) {
            return "*".equals(principal.asText());
        }
        JsonNode aws = principal.get("AWS");
        return aws != null && (aws.isTextual() ? "*".equals(aws.asText()) : contains(aws, "*"));
    }

    private static boolean restrictedByCondition(JsonNode condition) {
        if (condition == null || !condition.isObject()) {
            return false;
        }
        for (Iterator<Map.Entry<String, JsonNode>> operators = condition.fields(); operators.hasNext();) {
            Map.Entry<String, JsonNode> operator = operators.next();
            // a negated operator ("StringNotEquals") lets everyone else in, so it restricts nothing
            if (operator.getKey().startsWith("Null") || operator.getKey().contains("Not") || !operator.getValue().isObject()) {
                continue;
            }
            for (Iterator<Map.Entry<String, JsonNode>> keys = operator.getValue().fields(); keys.hasNext();) {
                Map.Entry<String, JsonNode> key = keys.next();
                if (RESTRICTING_KEYS.contains(key.getKey().toLowerCase()) && pinsValues(key.getValue())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A wildcard or an open IP range pins nothing. */
    private static boolean pinsValues(JsonNode values) {
        List<String> list = new ArrayList<>();
        if (values.isArray()) {
            values.forEach(v -> list.add(v.asText()));
        } else {
            list.add(values.asText());
        }
        if (list.isEmpty()) {
            return false;
        }
        for (String value : list) {
            if (value.isEmpty() || value.contains("*") || value.endsWith("/0")) {
                return false;
            }
        }
        return true;
    }

    private static boolean contains(JsonNode array, String value) {
        if (array.isArray()) {
            for (JsonNode item : array) {
                if (value.equals(item.asText())) {
                    return true;
                }
            }
        }
        return false;
    }
}
