package io.trailguard.event;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;

/**
 * The model of an event whose every modelled field is of its plain JSON type (a string, a boolean, an object, an
 * array of those, or null), read field by field: Jackson's binding through a tree parser was most of the cost of
 * the model. Any other type anywhere in the model's fields is left to Jackson ({@link #bind} says null), which then
 * notes or rejects it. The JSON subtrees (requestParameters…) are the event's own, shared: no one writes to them.
 * {@code PlainBindingTest} holds it to Jackson's binding over every sample and odd events.
 */
final class PlainBinding {

    private PlainBinding() {
    }

    /**
     * Whether the mapper binds as this class does: with features that change how a number in a JSON subtree is
     * kept or how a single value binds, Jackson's copy would differ from the event's own subtree or from this.
     */
    static boolean sameAs(ObjectMapper mapper) {
        return mapper.getNodeFactory() == JsonNodeFactory.instance && mapper.getPropertyNamingStrategy() == null
                && !mapper.isEnabled(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
                && !mapper.isEnabled(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                && !mapper.isEnabled(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
                && !mapper.isEnabled(DeserializationFeature.USE_LONG_FOR_INTS)
                && !mapper.isEnabled(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                && !mapper.isEnabled(DeserializationFeature.ACCEPT_EMPTY_STRING_AS_NULL_OBJECT);
    }

    /** The model, or null when some modelled field is not of its plain type. */
    static TrailEvent bind(JsonNode tree) {
        Fields event = Fields.of(tree);
        if (event == null) {
            return null;
        }
        Fields detail = event.object("detail");
        CloudTrailDetail record = detail == null ? null : detail(detail);
        TrailEvent bound = new TrailEvent(event.text("version"), event.text("id"), event.text("detail-type"), event.text("source"),
                event.text("account"), event.text("time"), event.text("region"), event.texts("resources"), record, event.text("replay-name"));
        return event.plain && (detail == null || detail.plain) ? bound : null;
    }

    private static CloudTrailDetail detail(Fields detail) {
        Fields identity = detail.object("userIdentity");
        CloudTrailDetail bound = new CloudTrailDetail(detail.text("eventVersion"), detail.text("eventTime"), detail.text("eventSource"),
                detail.text("eventName"), detail.text("awsRegion"), detail.text("sourceIPAddress"), detail.text("userAgent"),
                identity == null ? null : identity(identity, detail), detail.tree("requestParameters"), detail.tree("responseElements"),
                detail.tree("additionalEventData"), detail.text("errorCode"), detail.text("errorMessage"), detail.text("requestID"),
                detail.text("eventID"), detail.text("eventType"), detail.bool("readOnly"), resources(detail),
                detail.text("recipientAccountId"), detail.bool("managementEvent"), detail.text("eventCategory"));
        return bound;
    }

    /** The caller; a field not of its type is noted on {@code detail}. */
    private static UserIdentity identity(Fields identity, Fields detail) {
        UserIdentity.SessionContext session = null;
        Fields context = identity.object("sessionContext");
        if (context != null) {
            Fields issuer = context.object("sessionIssuer");
            Fields attributes = context.object("attributes");
            session = new UserIdentity.SessionContext(
                    issuer == null ? null : new UserIdentity.SessionIssuer(issuer.text("type"), issuer.text("principalId"), issuer.text("arn"),
                            issuer.text("accountId"), issuer.text("userName")),
                    attributes == null ? null : new UserIdentity.Attributes(attributes.text("creationDate"), attributes.text("mfaAuthenticated")));
            detail.plain &= context.plain && (issuer == null || issuer.plain) && (attributes == null || attributes.plain);
        }
        UserIdentity bound = new UserIdentity(identity.text("type"), identity.text("principalId"), identity.text("arn"), identity.text("accountId"),
                identity.text("accessKeyId"), identity.text("userName"), identity.text("invokedBy"), session);
        detail.plain &= identity.plain;
        return bound;
    }

    private static List<CloudTrailDetail.Resource> resources(Fields detail) {
        JsonNode node = detail.object.get("resources");
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray()) {
            detail.plain = false;
            return null;
        }
        List<CloudTrailDetail.Resource> resources = new ArrayList<>(node.size());
        for (JsonNode element : node) {
            Fields resource = Fields.of(element);
            if (resource == null) {
                detail.plain &= element.isNull();
                resources.add(null);
                continue;
            }
            resources.add(new CloudTrailDetail.Resource(resource.text("ARN"), resource.text("accountId"), resource.text("type")));
            detail.plain &= resource.plain;
        }
        return resources;
    }

    /** The fields of one JSON object, read as the model's types, noting whether each was of its type (or null). */
    private static final class Fields {

        private final JsonNode object;
        private boolean plain = true;

        private Fields(JsonNode object) {
            this.object = object;
        }

        /** Null when the node is not an object. */
        static Fields of(JsonNode node) {
            return node != null && node.isObject() ? new Fields(node) : null;
        }

        String text(String name) {
            JsonNode value = object.get(name);
            if (value == null || value.isNull()) {
                return null;
            }
            plain &= value.isTextual();
            return value.textValue();
        }

        Boolean bool(String name) {
            JsonNode value = object.get(name);
            if (value == null || value.isNull()) {
                return null;
            }
            plain &= value.isBoolean();
            return value.booleanValue();
        }

        /** As Jackson binds a JsonNode: absent is null, JSON null a null node, anything else itself. */
        JsonNode tree(String name) {
            JsonNode value = object.get(name);
            return value == null ? null : value.isNull() ? NullNode.getInstance() : value;
        }

        List<String> texts(String name) {
            JsonNode value = object.get(name);
            if (value == null || value.isNull()) {
                return null;
            }
            if (!value.isArray()) {
                plain = false;
                return null;
            }
            List<String> texts = new ArrayList<>(value.size());
            for (JsonNode element : value) {
                plain &= element.isTextual() || element.isNull();
                texts.add(element.textValue());
            }
            return texts;
        }

        /** The object at name; null when absent or null, and when not an object (noted). */
        Fields object(String name) {
            JsonNode value = object.get(name);
            if (value == null || value.isNull()) {
                return null;
            }
            plain &= value.isObject();
            return Fields.of(value);
        }
    }
}
