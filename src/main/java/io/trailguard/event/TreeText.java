package io.trailguard.event;

import java.io.IOException;
import java.io.StringWriter;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A JSON tree's text as {@code mapper.writeValueAsString(tree)} writes it, without asking the mapper for the node's
 * serializer: the first lookup introspects the node class (its methods and annotations), which a native cold start
 * paid for its first metrics line and its first rule pattern.
 */
public final class TreeText {

    private TreeText() {
    }

    public static String of(ObjectMapper mapper, JsonNode tree) throws IOException {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator gen = mapper.createGenerator(out)) {
            tree.serialize(gen, mapper.getSerializerProviderInstance());
        }
        return out.toString();
    }
}
