package io.trailguard.notify;

import java.io.IOException;
import java.util.List;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.trailguard.event.JsonText;

/**
 * Writes an {@link Alert} as Jackson's bean serializer wrote it from its annotations: the names in their
 * {@code @JsonPropertyOrder}, the call's words (who, what, where, when, sourceIp, eventId) from its methods, nulls
 * written but a missing runbook left out, each action as in an audit line. {@link AlertBody} calls {@link #json}
 * without asking the mapper for a serializer: the lookup introspected Alert and built its bean serializer before the
 * first alert of every cold start. AlertSerializerTest holds the two equal.
 */
@RegisterForReflection
public class AlertSerializer extends StdSerializer<Alert> {

    private static final AlertSerializer INSTANCE = new AlertSerializer();

    public AlertSerializer() {
        super(Alert.class);
    }

    /** The alert as {@code mapper.writeValueAsString} writes it. */
    public static String json(ObjectMapper mapper, Alert alert) throws IOException {
        return JsonText.of(mapper, INSTANCE, alert);
    }

    @Override
    public void serialize(Alert alert, JsonGenerator gen, SerializerProvider provider) throws IOException {
        gen.writeStartObject(alert);
        gen.writeStringField("policy", alert.policy());
        gen.writeStringField("severity", alert.severity());
        gen.writeStringField("mode", alert.mode());
        gen.writeStringField("summary", alert.summary());
        gen.writeStringField("who", alert.who());
        gen.writeStringField("what", alert.what());
        gen.writeStringField("where", alert.where());
        gen.writeStringField("when", alert.when());
        gen.writeStringField("sourceIp", alert.sourceIp());
        gen.writeStringField("resource", alert.resource());
        orNull(gen, provider, "findings", alert.findings());
        if (alert.actions() == null) {
            gen.writeNullField("actions");
        } else {
            AuditRecordSerializer.actions(gen, provider, alert.actions());
        }
        orNull(gen, provider, "attack", alert.attack());
        AuditRecordSerializer.string(gen, "runbook", alert.runbook());
        gen.writeStringField("eventId", alert.eventId());
        gen.writeEndObject();
    }

    private static void orNull(JsonGenerator gen, SerializerProvider provider, String name, List<String> values) throws IOException {
        if (values == null) {
            gen.writeNullField(name);
        } else {
            AuditRecordSerializer.strings(gen, provider, name, values);
        }
    }
}
