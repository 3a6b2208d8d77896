package io.trailguard.handler;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.trailguard.notify.AuditRecord;
import io.trailguard.notify.AuditRecordSerializer;

/**
 * Writes an {@link InterceptionResult}, the Lambda response, as Jackson's bean serializer wrote it from its
 * annotations (components in order, nulls left out, each decision as {@link AuditRecordSerializer} writes it). The
 * handler calls {@link #write} without asking the mapper for a serializer: that lookup introspected the record and
 * built a bean serializer on the first response of every cold start. AuditRecordSerializerTest holds the two equal.
 */
@RegisterForReflection
public class InterceptionResultSerializer extends StdSerializer<InterceptionResult> {

    private static final InterceptionResultSerializer INSTANCE = new InterceptionResultSerializer();

    public InterceptionResultSerializer() {
        super(InterceptionResult.class);
    }

    /**
     * Writes {@code result} to {@code out} as {@code mapper.writeValue(out, result)} does; a handler's other results
     * (SQS, Batch Operations, log files) through the mapper.
     */
    public static void write(ObjectMapper mapper, OutputStream out, Object result) throws IOException {
        if (!(result instanceof InterceptionResult interception)) {
            mapper.writeValue(out, result);
            return;
        }
        try (JsonGenerator gen = mapper.createGenerator(out, JsonEncoding.UTF8)) {
            INSTANCE.serialize(interception, gen, mapper.getSerializerProviderInstance());
        }
    }

    @Override
    public void serialize(InterceptionResult result, JsonGenerator gen, SerializerProvider provider) throws IOException {
        gen.writeStartObject(result);
        string(gen, "status", result.status());
        string(gen, "eventId", result.eventId());
        string(gen, "reason", result.reason());
        List<AuditRecord> decisions = result.decisions();
        if (decisions != null) {
            gen.writeFieldName("decisions");
            gen.writeStartArray(decisions, decisions.size());
            for (AuditRecord record : decisions) {
                if (record == null) {
                    provider.defaultSerializeNull(gen);
                } else {
                    AuditRecordSerializer.write(record, gen, provider);
                }
            }
            gen.writeEndArray();
        }
        gen.writeEndObject();
    }

    private static void string(JsonGenerator gen, String name, String value) throws IOException {
        if (value != null) {
            gen.writeStringField(name, value);
        }
    }
}
