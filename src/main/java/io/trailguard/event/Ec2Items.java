package io.trailguard.event;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/** EC2 (query API) logs every list in CloudTrail as {@code {"items": [...]}}; an empty list as {@code {}}. */
public final class Ec2Items {

    private Ec2Items() {
    }

    /** The elements of such a list; a bare array or a single object is accepted too. */
    public static List<JsonNode> of(JsonNode list) {
        List<JsonNode> items = new ArrayList<>();
        if (list == null || list.isNull() || list.isMissingNode()) {
            return items;
        }
        JsonNode inner = list.isObject() && list.has("items") ? list.get("items") : list;
        if (inner.isArray()) {
            inner.forEach(items::add);
        } else if (inner.isObject() && inner.size() > 0) {
            items.add(inner);
        }
        return items;
    }
}
