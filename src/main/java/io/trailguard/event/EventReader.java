package io.trailguard.event;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Turns the bytes of one EventBridge event into a {@link ParsedEvent}, or says precisely why it cannot.
 * Every input path (EventBridge, SQS, log files) ends here.
 */
@ApplicationScoped
public class EventReader {

    static final Set<String> DETAIL_TYPES = Set.of(TrailEvent.API_CALL, TrailEvent.CONSOLE_SIGN_IN);
    private static final int MAX_DEPTH = 64;
    /** For whole files: one record nested too deep is rejected on its own ({@link #read(JsonNode)}) instead of ending the file. */
    private static final int FILE_MAX_DEPTH = 1000;

    private final ObjectMapper mapper;
    private final ObjectMapper fileMapper;
    private final int maxBytes;

    public EventReader(ObjectMapper mapper, @ConfigProperty(name = "trailguard.max-event-bytes", defaultValue = "1048576") int maxBytes) {
        this.mapper = mapper.copy();
        this.mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build());
        this.fileMapper = mapper.copy();
        this.fileMapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(FILE_MAX_DEPTH).build());
        this.maxBytes = maxBytes;
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
        return read(tree);
    }

    /** As {@link #read(byte[])}, using the tree already parsed from those bytes ({@link #treeOrNull}) when there is one. */
    public ParsedEvent read(byte[] json, JsonNode tree) throws InvalidEventException {
        if (tree == null || json.length > maxBytes) {
            return read(json);
        }
        return read(tree);
    }

    public ParsedEvent read(JsonNode tree) throws InvalidEventException {
        if (tree == null || !tree.isObject()) {
            throw new InvalidEventException("event is not a JSON object");
        }
        if (deeperThan(tree, MAX_DEPTH)) {
            throw new InvalidEventException("nested deeper than " + MAX_DEPTH + " levels");
        }
        String detailType = requiredText(tree, "detail-type");
        if (!DETAIL_TYPES.contains(detailType)) {
            throw new InvalidEventException("unsupported detail-type '" + abbreviate(detailType) + "'");
        }
        String source = requiredText(tree, "source");
        if (!source.startsWith("aws.")) {
            throw new InvalidEventException("source '" + abbreviate(source) + "' is not an AWS service");
        }
        JsonNode detail = tree.get("detail");
        if (detail == null || !detail.isObject()) {
            throw new InvalidEventException("missing or non-object 'detail'");
        }
        requiredText(detail, "eventName");
        requiredText(detail, "eventSource");
        JsonNode identity = detail.get("userIdentity");
        if (identity != null && !identity.isObject() && !identity.isNull()) {
            throw new InvalidEventException("'detail.userIdentity' is not an object");
        }
        TrailEvent event;
        try {
            event = mapper.treeToValue(tree, TrailEvent.class);
        } catch (JsonProcessingException e) {
            throw new InvalidEventException("wrong field type: " + e.getOriginalMessage());
        } catch (IllegalArgumentException e) {
            throw new InvalidEventException("wrong field type: " + e.getMessage());
        }
        return new ParsedEvent(tree, event);
    }

    private static String requiredText(JsonNode node, String field) throws InvalidEventException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new InvalidEventException("missing '" + field + "'");
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new InvalidEventException("'" + field + "' is not a non-empty string");
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
