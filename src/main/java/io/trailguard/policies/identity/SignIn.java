package io.trailguard.policies.identity;

import com.fasterxml.jackson.databind.JsonNode;

import io.trailguard.event.CloudTrailDetail;

/** Fields of a ConsoleLogin record shared by the sign-in policies. */
final class SignIn {

    private SignIn() {
    }

    /** additionalEventData.MFAUsed ("Yes" / "No"), or null when the record has none. */
    static String mfaUsed(CloudTrailDetail detail) {
        JsonNode data = detail.additionalEventData();
        JsonNode value = data == null ? null : data.get("MFAUsed");
        return value != null && value.isTextual() ? value.asText() : null;
    }
}
