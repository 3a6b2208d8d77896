package io.trailguard.rules;

import java.util.LinkedHashMap;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.trailguard.event.CloudTrailDetail;
import io.trailguard.event.TrailEvent;
import io.trailguard.event.UserIdentity;

/**
 * The model as the JSON tree Jackson's {@code valueToTree} makes of it (every component by its JSON name, in
 * declaration order, null as null, then {@code isReplay()}), built field by field: the conversion through a token buffer was most of a
 * rule's decision. The model's JSON subtrees (requestParameters…) are shared, not copied: nothing writes to them.
 * {@code ModelTreeTest} holds it to {@code valueToTree} over every sample; a component added to the model goes here too.
 */
final class ModelTree {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ModelTree() {
    }

    static ObjectNode of(TrailEvent event) {
        ObjectNode tree = NODES.objectNode();
        tree.put("version", event.version());
        tree.put("id", event.id());
        tree.put("detail-type", event.detailType());
        tree.put("source", event.source());
        tree.put("account", event.account());
        tree.put("time", event.time());
        tree.put("region", event.region());
        tree.set("resources", texts(event.resources()));
        tree.set("detail", detail(event.detail()));
        tree.put("replay-name", event.replayName());
        tree.put("replay", event.isReplay()); // Jackson takes isReplay() for a property too
        return tree;
    }

    private static JsonNode detail(CloudTrailDetail detail) {
        if (detail == null) {
            return NODES.nullNode();
        }
        ObjectNode tree = new ObjectNode(NODES, new LinkedHashMap<>(32)); // its 21 fields in one table: the default one is rebuilt on the way
        tree.put("eventVersion", detail.eventVersion());
        tree.put("eventTime", detail.eventTime());
        tree.put("eventSource", detail.eventSource());
        tree.put("eventName", detail.eventName());
        tree.put("awsRegion", detail.awsRegion());
        tree.put("sourceIPAddress", detail.sourceIPAddress());
        tree.put("userAgent", detail.userAgent());
        tree.set("userIdentity", identity(detail.userIdentity()));
        tree.set("requestParameters", orNull(detail.requestParameters()));
        tree.set("responseElements", orNull(detail.responseElements()));
        tree.set("additionalEventData", orNull(detail.additionalEventData()));
        tree.put("errorCode", detail.errorCode());
        tree.put("errorMessage", detail.errorMessage());
        tree.put("requestID", detail.requestID());
        tree.put("eventID", detail.eventID());
        tree.put("eventType", detail.eventType());
        tree.put("readOnly", detail.readOnly());
        tree.set("resources", resources(detail.resources()));
        tree.put("recipientAccountId", detail.recipientAccountId());
        tree.put("managementEvent", detail.managementEvent());
        tree.put("eventCategory", detail.eventCategory());
        return tree;
    }

    private static JsonNode identity(UserIdentity identity) {
        if (identity == null) {
            return NODES.nullNode();
        }
        ObjectNode tree = NODES.objectNode();
        tree.put("type", identity.type());
        tree.put("principalId", identity.principalId());
        tree.put("arn", identity.arn());
        tree.put("accountId", identity.accountId());
        tree.put("accessKeyId", identity.accessKeyId());
        tree.put("userName", identity.userName());
        tree.put("invokedBy", identity.invokedBy());
        UserIdentity.SessionContext session = identity.sessionContext();
        if (session == null) {
            tree.putNull("sessionContext");
            return tree;
        }
        ObjectNode context = tree.putObject("sessionContext");
        UserIdentity.SessionIssuer issuer = session.sessionIssuer();
        if (issuer == null) {
            context.putNull("sessionIssuer");
        } else {
            ObjectNode node = context.putObject("sessionIssuer");
            node.put("type", issuer.type());
            node.put("principalId", issuer.principalId());
            node.put("arn", issuer.arn());
            node.put("accountId", issuer.accountId());
            node.put("userName", issuer.userName());
        }
        UserIdentity.Attributes attributes = session.attributes();
        if (attributes == null) {
            context.putNull("attributes");
        } else {
            ObjectNode node = context.putObject("attributes");
            node.put("creationDate", attributes.creationDate());
            node.put("mfaAuthenticated", attributes.mfaAuthenticated());
        }
        return tree;
    }

    private static JsonNode resources(List<CloudTrailDetail.Resource> resources) {
        if (resources == null) {
            return NODES.nullNode();
        }
        ArrayNode array = NODES.arrayNode(resources.size());
        for (CloudTrailDetail.Resource resource : resources) {
            if (resource == null) {
                array.addNull();
                continue;
            }
            ObjectNode node = array.addObject();
            node.put("ARN", resource.ARN());
            node.put("accountId", resource.accountId());
            node.put("type", resource.type());
        }
        return array;
    }

    private static JsonNode texts(List<String> texts) {
        if (texts == null) {
            return NODES.nullNode();
        }
        ArrayNode array = NODES.arrayNode(texts.size());
        texts.forEach(array::add);
        return array;
    }

    /** A missing subtree is null in the model, and so in the tree. */
    private static JsonNode orNull(JsonNode node) {
        return node == null ? NODES.nullNode() : node;
    }
}
