package io.trailguard.event;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Turns the bytes of one EventBridge event into a {@link ParsedEvent}, or says precisely why it cannot.
 * Every input path (EventBridge, SQS, log files) ends here. Leniently: a field of the wrong type that no
 * decision needs is left out of the model and noted as an oddity of the event, which is decided all the same;
 * only an unusable envelope, {@code eventSource}, {@code eventName} or {@code userIdentity} rejects it.
 */
@ApplicationScoped
public class EventReader {

    static final Set<String> DETAIL_TYPES = Set.of(TrailEvent.API_CALL, TrailEvent.CONSOLE_SIGN_IN);
    private static final int MAX_DEPTH = 64;
    /** For whole files: one record nested too deep is rejected on its own ({@link #read(JsonNode)}) instead of ending the file. */
    private static final int FILE_MAX_DEPTH = 1000;
    /** Top-level fields of the CloudTrail record without which there is nothing to decide on: who called what. */
    static final Set<String> ESSENTIAL = Set.of("eventSource", "eventName", "userIdentity");
    /** Stands for an errorCode of the wrong type: present, so the call counts as failed and nothing is remediated. */
    static final String UNREADABLE_ERROR_CODE = "(unreadable)";
    /** Envelope fields no decision reads: EventBridge's own version and resources list. */
    static final Set<String> UNREAD_ENVELOPE = Set.of("version", "resources");

    private final ObjectMapper mapper;
    private final ObjectMapper fileMapper;
    private final int maxBytes;
    /** Whether an event of plain field types is bound by hand ({@link PlainBinding}), as this mapper would bind it. */
    private final boolean plainBinding;

    public EventReader(ObjectMapper mapper, @ConfigProperty(name = "trailguard.max-event-bytes", defaultValue = "1048576") int maxBytes) {
        this.mapper = mapper.copy();
        // the model reads exact JSON types: 42 is no user agent and "yes" no readOnly, they are oddities instead
        this.mapper.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail).setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        this.mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        this.mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build());
        this.fileMapper = mapper.copy();
        this.fileMapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(FILE_MAX_DEPTH).build());
        this.maxBytes = maxBytes;
        this.plainBinding = PlainBinding.sameAs(this.mapper);
    }

    /** The input as a JSON tree, or null when it is not JSON (the caller rejects it through {@link #read(byte[])}). */
    public JsonNode treeOrNull(byte[] json) {
        try {
            return json == null || json.length == 0 ? null : mapper.readTree(json);
        } catch (IOException e) {
            return null;
        }
    }

    ObjectMapper mapper() {
        return mapper;
    }

    ObjectMapper fileMapper() {
        return fileMapper;
    }

    int maxBytes() {
        return maxBytes;
    }

    public ParsedEvent read(byte[] json) throws InvalidEventException {
        if (json == null || json.length == 0) {
            throw new InvalidEventException("empty input");
        }
        if (json.length > maxBytes) {
            throw new InvalidEventException("event of " + json.length + " bytes exceeds the limit of " + maxBytes);
        }
        JsonNode tree;
        try {
            tree = mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidEventException("malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidEventException("unreadable input: " + e.getMessage());
        }
        // the parser already refused anything nested deeper than MAX_DEPTH
        return read(tree, false);
    }

    /** As {@link #read(byte[])}, using the tree already parsed from those bytes ({@link #treeOrNull}) when there is one. */
    public ParsedEvent read(byte[] json, JsonNode tree) throws InvalidEventException {
        if (tree == null || json.length > maxBytes) {
            return read(json);
        }
        return read(tree);
    }

    public ParsedEvent read(JsonNode tree) throws InvalidEventException {
        return read(tree, true);
    }

    private ParsedEvent read(JsonNode tree, boolean checkDepth) throws InvalidEventException {
        if (tree == null || !tree.isObject()) {
            throw new InvalidEventException("event is not a JSON object");
        }
        if (checkDepth && deeperThan(tree, MAX_DEPTH)) {
            throw new InvalidEventException("nested deeper than " + MAX_DEPTH + " levels");
        }
        String detailType = requiredText(tree, "detail-type", "detail-type");
        if (!DETAIL_TYPES.contains(detailType)) {
            throw new InvalidEventException("unsupported detail-type '" + abbreviate(detailType) + "'");
        }
        String source = requiredText(tree, "source", "source");
        if (!source.startsWith("aws.")) {
            throw new InvalidEventException("source '" + abbreviate(source) + "' is not an AWS service");
        }
        JsonNode detail = tree.get("detail");
        if (detail == null || !detail.isObject()) {
            throw new InvalidEventException(FieldTypes.wrong("detail", "an object", detail));
        }
        requiredText(detail, "eventName", "detail.eventName");
        requiredText(detail, "eventSource", "detail.eventSource");
        JsonNode identity = detail.get("userIdentity");
        if (identity != null && !identity.isObject() && !identity.isNull()) {
            throw new InvalidEventException(FieldTypes.wrong("detail.userIdentity", "an object", identity));
        }
        if (!plainEssentials(tree, identity)) {
            // an odd type somewhere that matters: bound as the model would be, to reject or note it exactly so
            typed(essentials(tree, detail, identity), new ArrayList<>());
        }
        return new ParsedEvent(tree, this);
    }

    /** The model of the event's envelope and essential fields alone (see {@link #essentials}). */
    TrailEvent typedEssentials(JsonNode tree, List<String> oddities) throws InvalidEventException {
        return typed(essentials(tree, tree.get("detail"), tree.get("detail").get("userIdentity")), oddities);
    }

    /** Envelope fields the model binds as strings; its others are left to the binding's own rules. */
    private static final Set<String> ENVELOPE_TEXT = Set.of("version", "id", "detail-type", "source", "account", "time", "region", "replay-name");
    private static final Set<String> IDENTITY_TEXT = Set.of("type", "principalId", "arn", "accountId", "accessKeyId", "userName", "invokedBy");
    private static final Set<String> ISSUER_TEXT = Set.of("type", "principalId", "arn", "accountId", "userName");
    private static final Set<String> ATTRIBUTES_TEXT = Set.of("creationDate", "mfaAuthenticated");

    /**
     * Whether every envelope and essential field the model binds is of its plain type (a string or null, an
     * object or null): then binding them can neither reject the event nor note anything, and is skipped.
     */
    private static boolean plainEssentials(JsonNode tree, JsonNode identity) {
        for (var fields = tree.fields(); fields.hasNext();) {
            var field = fields.next();
            String name = field.getKey();
            if (ENVELOPE_TEXT.contains(name) ? !textOrNull(field.getValue())
                    : "resources".equals(name) && !(field.getValue().isArray() && allText(field.getValue()))) {
                return false;
            }
        }
        if (identity == null || identity.isNull()) {
            return true;
        }
        if (!textFields(identity, IDENTITY_TEXT)) {
            return false;
        }
        JsonNode session = identity.get("sessionContext");
        if (session == null || session.isNull()) {
            return true;
        }
        if (!session.isObject()) {
            return false;
        }
        JsonNode issuer = session.get("sessionIssuer");
        JsonNode attributes = session.get("attributes");
        return (issuer == null || issuer.isNull() || issuer.isObject() && textFields(issuer, ISSUER_TEXT))
                && (attributes == null || attributes.isNull() || attributes.isObject() && textFields(attributes, ATTRIBUTES_TEXT));
    }

    private static boolean textFields(JsonNode object, Set<String> names) {
        for (String name : names) {
            JsonNode value = object.get(name);
            if (value != null && !textOrNull(value)) {
                return false;
            }
        }
        return true;
    }

    private static boolean textOrNull(JsonNode value) {
        return value.isTextual() || value.isNull();
    }

    private static boolean allText(JsonNode array) {
        for (JsonNode element : array) {
            if (!element.isTextual()) {
                return false;
            }
        }
        return true;
    }

    /**
     * The event cut down to what can reject it: the envelope and the {@link #ESSENTIAL} fields of its record (a
     * wrong type anywhere else is only an oddity). Bound on its own, it rejects exactly the events the whole tree
     * would, for a fraction of the cost, so that the whole model is bound only for events a policy looks at.
     */
    private static ObjectNode essentials(JsonNode tree, JsonNode detail, JsonNode identity) {
        ObjectNode cut = JsonNodeFactory.instance.objectNode();
        tree.fields().forEachRemaining(field -> {
            if (!"detail".equals(field.getKey())) {
                cut.set(field.getKey(), field.getValue());
            }
        });
        ObjectNode record = cut.putObject("detail");
        record.set("eventSource", detail.get("eventSource"));
        record.set("eventName", detail.get("eventName"));
        if (identity != null) {
            record.set("userIdentity", identity);
        }
        return cut;
    }

    /**
     * The typed model of the event. A top-level field of the CloudTrail record with the wrong type somewhere in
     * it is left out of the model (the tree the patterns match keeps it) and noted in {@code oddities}, and so is
     * an envelope field no decision reads. In the rest of the envelope or an {@link #ESSENTIAL} field, a number or
     * boolean where a string belongs is read as its text (noted too); anything else there rejects the event,
     * naming the field and the type expected.
     */
    TrailEvent typed(JsonNode tree, List<String> oddities) throws InvalidEventException {
        TrailEvent plain = plainBinding ? PlainBinding.bind(tree) : null;
        if (plain != null) {
            return plain;
        }
        return typedByJackson(tree, oddities);
    }

    /** As {@link #typed}, always by Jackson: what {@link PlainBinding} is held to. */
    TrailEvent typedByJackson(JsonNode tree, List<String> oddities) throws InvalidEventException {
        JsonNode model = tree;
        Set<String> fixed = new HashSet<>();
        while (true) {
            try {
                return mapper.treeToValue(model, TrailEvent.class);
            } catch (MismatchedInputException e) {
                String path = FieldTypes.path(e.getPath());
                String expected = FieldTypes.expected(e.getTargetType());
                JsonNode bad = FieldTypes.at(model, e.getPath());
                String oddity = FieldTypes.wrong(path, expected, bad);
                String field = detailField(path);
                boolean leaveOut = field != null ? !ESSENTIAL.contains(field) : UNREAD_ENVELOPE.contains(topField(path));
                boolean asText = !leaveOut && bad != null && (bad.isNumber() || bad.isBoolean()) && "a string".equals(expected)
                        && !e.getPath().isEmpty() && e.getPath().get(e.getPath().size() - 1).getFieldName() != null;
                if (!(leaveOut || asText) || !fixed.add(path)) {
                    throw new InvalidEventException(oddity);
                }
                if (model == tree) {
                    model = tree.deepCopy();
                }
                if (asText) {
                    List<JsonMappingException.Reference> parent = e.getPath().subList(0, e.getPath().size() - 1);
                    ((ObjectNode) FieldTypes.at(model, parent)).put(e.getPath().get(e.getPath().size() - 1).getFieldName(), bad.asText());
                } else if (field == null) {
                    ((ObjectNode) model).remove(topField(path));
                } else if ("errorCode".equals(field)) {
                    ((ObjectNode) model.get("detail")).put(field, UNREADABLE_ERROR_CODE);
                } else {
                    ((ObjectNode) model.get("detail")).remove(field);
                }
                oddities.add(oddity);
            } catch (JsonProcessingException e) {
                throw new InvalidEventException("wrong field type: " + e.getOriginalMessage());
            } catch (IllegalArgumentException e) {
                throw new InvalidEventException("wrong field type: " + e.getMessage());
            }
        }
    }

    private static String topField(String path) {
        int end = path.length();
        for (int i = 0; i < path.length(); i++) {
            if (path.charAt(i) == '.' || path.charAt(i) == '[') {
                end = i;
                break;
            }
        }
        return path.substring(0, end);
    }

    /** The top-level field of the CloudTrail record a path is in ({@code detail.resources[0].ARN} → resources), else null. */
    private static String detailField(String path) {
        if (!path.startsWith("detail.")) {
            return null;
        }
        String rest = path.substring("detail.".length());
        int end = rest.length();
        for (int i = 0; i < rest.length(); i++) {
            if (rest.charAt(i) == '.' || rest.charAt(i) == '[') {
                end = i;
                break;
            }
        }
        return end == 0 ? null : rest.substring(0, end);
    }

    private static String requiredText(JsonNode node, String field, String path) throws InvalidEventException {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new InvalidEventException(FieldTypes.wrong(path, "a non-empty string", value));
        }
        return value.asText();
    }

    /** Whether containers nest deeper than {@code max} (the root object is level 1), as the parser counts; without recursion. */
    private static boolean deeperThan(JsonNode tree, int max) {
        ArrayDeque<JsonNode> level = new ArrayDeque<>(List.of(tree));
        for (int depth = 1; !level.isEmpty(); depth++) {
            if (depth > max) {
                return true;
            }
            ArrayDeque<JsonNode> next = new ArrayDeque<>();
            for (JsonNode node : level) {
                node.forEach(child -> {
                    if (child.isContainerNode()) {
                        next.add(child);
                    }
                });
            }
            level = next;
        }
        return false;
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "…";
    }
}
