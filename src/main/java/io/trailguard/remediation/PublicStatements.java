package io.trailguard.remediation;

import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.trailguard.predicates.PublicAccess;

/**
 * A live resource policy (SQS, SNS, ECR, Secrets Manager, Glacier) judged and trimmed as a bucket policy is:
 * the statements {@link PublicAccess} calls public go, every other statement stays as it was.
 */
final class PublicStatements {

    private PublicStatements() {
    }

    /** The policy document of a live policy's text; null when there is none (absent or blank). */
    static JsonNode parse(ObjectMapper mapper, String text, String of) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            JsonNode policy = mapper.readTree(text);
            if (policy == null || !policy.isObject()) {
                throw new IllegalStateException("the policy of " + of + " is not a JSON object");
            }
            return policy;
        } catch (JsonProcessingException e) {
            // never the text itself: a policy may name principals and keys that need not reach the logs
            throw new UncheckedIOException("the policy of " + of + " is not JSON", e);
        }
    }

    static boolean any(JsonNode policy) {
        return policy != null && PublicAccess.statements(policy).stream().anyMatch(PublicAccess::isPublic);
    }

    /** The policy without its public statements; empty when none would be left. */
    static Optional<String> without(JsonNode policy) {
        List<JsonNode> kept = PublicAccess.statements(policy).stream().filter(s -> !PublicAccess.isPublic(s)).toList();
        if (kept.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode remaining = ((ObjectNode) policy).deepCopy();
        remaining.putArray("Statement").addAll(kept);
        return Optional.of(remaining.toString());
    }
}
