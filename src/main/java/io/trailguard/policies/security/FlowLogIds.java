package io.trailguard.policies.security;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The flow log ids of a DeleteFlowLogs call. EC2 logs its query-protocol requests as
 * {@code {"DeleteFlowLogsRequest": {"FlowLogId": {"tag": 1, "content": "fl-…"}}}} (a list when there are
 * several); the plain {@code flowLogIds} array is accepted too.
 */
final class FlowLogIds {

    private FlowLogIds() {
    }

    static List<String> of(JsonNode requestParameters) {
        List<String> ids = new ArrayList<>();
        if (requestParameters == null || !requestParameters.isObject()) {
            return ids;
        }
        JsonNode logged = requestParameters.path("DeleteFlowLogsRequest").path("FlowLogId");
        if (logged.isArray()) {
            logged.forEach(item -> add(ids, item));
        } else {
            add(ids, logged);
        }
        requestParameters.path("flowLogIds").forEach(id -> add(ids, id));
        return ids;
    }

    private static void add(List<String> ids, JsonNode item) {
        String id = item.isObject() ? item.path("content").asText(null) : item.isTextual() ? item.asText() : null;
        if (id != null && !id.isBlank()) {
            ids.add(id);
        }
    }
}
