package io.trailguard.event;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Streams the events of one file, one at a time, whatever its shape: an EventBridge event, JSON lines of them,
 * a JSON array of them, a CloudTrail log file ({@code {"Records":[…]}}), an SQS batch; gzip or not (told by
 * its magic bytes). Memory stays constant whatever the file's size: only the current record is a tree.
 * A bad record (nested too deep included) is returned as malformed and the next one is read; broken JSON
 * ends the file, reported where it broke.
 */
public final class EventFileReader implements Iterator<SourcedEvent>, Closeable {

    private static final int BUFFER = 1 << 16;

    private final EventReader reader;
    private final String name;
    private final JsonParser parser;
    private SourcedEvent next;
    private boolean done;
    /** Inside an array of items: its label ("Records", or "" for a top-level array), else null. */
    private String array;
    /** Whether that array is a field of a top-level object, whose other fields are skipped after it. */
    private boolean arrayInObject;
    private int index;

    public EventFileReader(EventReader reader, InputStream in, String name) throws IOException {
        this.reader = reader;
        this.name = name;
        BufferedInputStream buffered = new BufferedInputStream(in, BUFFER);
        buffered.mark(2);
        int first = buffered.read();
        int second = buffered.read();
        buffered.reset();
        InputStream content = first == 0x1f && second == 0x8b ? new GZIPInputStream(buffered, BUFFER) : buffered;
        this.parser = reader.fileMapper().createParser(content);
    }

    @Override
    public boolean hasNext() {
        if (next == null && !done) {
            next = advance();
        }
        return next != null;
    }

    @Override
    public SourcedEvent next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        SourcedEvent current = next;
        next = null;
        return current;
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }

    private SourcedEvent advance() {
        try {
            while (true) {
                if (array != null) {
                    JsonToken token = parser.nextToken();
                    if (token == null) {
                        return end(SourcedEvent.malformed(name, "file ends inside the " + (array.isEmpty() ? "array" : array) + " array"));
                    }
                    if (token == JsonToken.END_ARRAY) {
                        if (arrayInObject) {
                            skipRestOfObject();
                        }
                        array = null;
                        continue;
                    }
                    String where = name + " " + array + "[" + index++ + "]";
                    return item(parser.readValueAsTree(), where);
                }
                JsonToken token = parser.nextToken();
                if (token == null) {
                    return end(null);
                }
                String where = name + ":" + parser.currentTokenLocation().getLineNr();
                if (token == JsonToken.START_ARRAY) {
                    startArray("", false);
                    continue;
                }
                if (token != JsonToken.START_OBJECT) {
                    parser.skipChildren();
                    return SourcedEvent.malformed(where, "not a JSON object");
                }
                long start = parser.currentTokenLocation().getByteOffset();
                ObjectNode root = reader.fileMapper().createObjectNode();
                boolean records = false;
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String field = parser.currentName();
                    if (parser.nextToken() == JsonToken.START_ARRAY && "Records".equals(field)) {
                        startArray("Records", true);
                        records = true;
                        break;
                    }
                    root.set(field, parser.readValueAsTree());
                }
                if (records) {
                    continue;
                }
                long size = parser.currentLocation().getByteOffset() - start;
                if (start >= 0 && size > reader.maxBytes()) {
                    return SourcedEvent.malformed(where, "event of " + size + " bytes exceeds the limit of " + reader.maxBytes());
                }
                return item(root, where);
            }
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? name : name + ":" + at.getLineNr() + ":" + at.getColumnNr();
            return end(SourcedEvent.malformed(where, "malformed JSON: " + e.getOriginalMessage() + " (rest of the file not read)"));
        } catch (IOException e) {
            return end(SourcedEvent.malformed(name, "unreadable after " + index + " records: " + e.getMessage()));
        }
    }

    private SourcedEvent item(JsonNode item, String where) {
        if (!item.isObject()) {
            return SourcedEvent.malformed(where, "not a JSON object");
        }
        String eventSource = item.path("eventSource").asText("");
        if (SqsMessage.EVENT_SOURCE.equals(eventSource)) {
            where += " (messageId " + item.path("messageId").asText("?") + ")";
        }
        try {
            if (SqsMessage.EVENT_SOURCE.equals(eventSource)) {
                JsonNode body = item.get("body");
                if (body == null || !body.isTextual()) {
                    return SourcedEvent.malformed(where, "SQS message without a text body");
                }
                return SourcedEvent.of(where, reader.read(body.asText().getBytes(StandardCharsets.UTF_8)));
            }
            if (S3ObjectCreated.EVENT_SOURCE.equals(eventSource)) {
                return SourcedEvent.skip(where, "S3 notification record (read the log files it names instead)");
            }
            if (item.has("detail-type")) {
                String detailType = item.get("detail-type").asText();
                if (!EventReader.DETAIL_TYPES.contains(detailType)) {
                    return SourcedEvent.skip(where, "detail-type " + detailType);
                }
                return SourcedEvent.of(where, reader.read(item));
            }
            if (!EventBridgeEnvelope.decided(item)) {
                return SourcedEvent.skip(where, "eventType " + item.path("eventType").asText() + " (not an API call or console sign-in)");
            }
            return SourcedEvent.of(where, reader.read(EventBridgeEnvelope.wrap(item)));
        } catch (InvalidEventException e) {
            return SourcedEvent.malformed(where, e.getMessage());
        }
    }

    private void startArray(String label, boolean inObject) {
        array = label;
        arrayInObject = inObject;
        index = 0;
    }

    private void skipRestOfObject() throws IOException {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            parser.nextToken();
            parser.skipChildren();
        }
    }

    private SourcedEvent end(SourcedEvent last) {
        done = true;
        return last;
    }
}
