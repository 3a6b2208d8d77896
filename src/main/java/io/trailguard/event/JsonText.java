package io.trailguard.event;

import java.io.IOException;
import java.io.StringWriter;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;

/**
 * JSON text as {@code mapper.writeValueAsString} writes it, without asking the mapper for the value's serializer: the
 * first lookup of a type introspects it (its methods, fields and annotations) and may build a bean serializer, which a
 * native cold start paid for its first audit line, response, metrics line, rule pattern and alert. The serializer is
 * given (a hand-written one), or the value is a tree, which writes itself.
 */
public final class JsonText {

    private JsonText() {
    }

    /** {@code value} written by {@code serializer} through a generator of {@code mapper}. */
    public static <T> String of(ObjectMapper mapper, JsonSerializer<T> serializer, T value) throws IOException {
        return write(mapper, (gen, provider) -> serializer.serialize(value, gen, provider));
    }

    /** The tree written through a generator of {@code mapper}. */
    public static String of(ObjectMapper mapper, JsonNode tree) throws IOException {
        return write(mapper, tree::serialize);
    }

    private interface Writing {
        void write(JsonGenerator gen, SerializerProvider provider) throws IOException;
    }

    private static String write(ObjectMapper mapper, Writing writing) throws IOException {
        StringWriter out = new StringWriter(512);
        try (JsonGenerator gen = mapper.createGenerator(out)) {
            writing.write(gen, mapper.getSerializerProviderInstance());
        }
        return out.toString();
    }
}
