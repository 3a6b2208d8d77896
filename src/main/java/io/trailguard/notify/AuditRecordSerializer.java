package io.trailguard.notify;

import java.io.IOException;
import java.util.List;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.trailguard.event.JsonText;
import io.trailguard.policy.ActionResult;

/**
 * Writes an {@link AuditRecord} as the flat line Jackson's bean serializer wrote from its annotations (the parts
 * unwrapped in place, in component order, nulls left out), without building that serializer by reflection: on a
 * native cold start, building it cost more than deciding the event. AuditRecordSerializerTest holds the two equal.
 * Mapper settings that reorder, rename or unwrap properties (alphabetical order, a naming strategy, single-element
 * arrays unwrapped) are not honoured: the application's mapper sets none of them, which AuditRecordMapperTest checks.
 */
@RegisterForReflection
public class AuditRecordSerializer extends StdSerializer<AuditRecord> {

    private static final AuditRecordSerializer INSTANCE = new AuditRecordSerializer();

    public AuditRecordSerializer() {
        super(AuditRecord.class);
    }

    /**
     * The record as {@code mapper.writeValueAsString} writes it, without asking the mapper for its serializer: that
     * lookup introspects AuditRecord (its methods, fields and annotations) to find the {@code @JsonSerialize}, which a
     * native cold start paid before its first audit line.
     */
    public static String json(ObjectMapper mapper, AuditRecord record) throws IOException {
        return JsonText.of(mapper, INSTANCE, record);
    }

    /** Writes {@code record} as {@link #json} does, into a generator of {@code provider}'s mapper. */
    public static void write(AuditRecord record, JsonGenerator gen, SerializerProvider provider) throws IOException {
        INSTANCE.serialize(record, gen, provider);
    }

    @Override
    public void serialize(AuditRecord record, JsonGenerator gen, SerializerProvider provider) throws IOException {
        gen.writeStartObject(record);
        string(gen, "type", record.type());
        string(gen, "time", record.time());
        string(gen, "handler", record.handler());
        string(gen, "policy", record.policy());
        ApiCall call = record.call();
        if (call != null) {
            string(gen, "eventId", call.eventId());
            string(gen, "eventName", call.eventName());
            string(gen, "eventSource", call.eventSource());
            string(gen, "principal", call.principal());
            string(gen, "account", call.account());
            string(gen, "region", call.region());
            string(gen, "sourceIp", call.sourceIp());
            string(gen, "eventTime", call.eventTime());
        }
        AuditRecord.Conclusion conclusion = record.conclusion();
        if (conclusion != null) {
            string(gen, "resource", conclusion.resource());
            string(gen, "mode", conclusion.mode());
            bool(gen, "replay", conclusion.replay());
            bool(gen, "matched", conclusion.matched());
            string(gen, "severity", conclusion.severity());
            string(gen, "reason", conclusion.reason());
            strings(gen, provider, "findings", conclusion.findings());
            strings(gen, provider, "attack", conclusion.attack());
            string(gen, "runbook", conclusion.runbook());
            string(gen, "skipped", conclusion.skipped());
        }
        AuditRecord.Outcome outcome = record.outcome();
        if (outcome != null) {
            string(gen, "exemptionTag", outcome.exemptionTag());
            actions(gen, provider, outcome.actions());
            string(gen, "alert", outcome.alert());
            string(gen, "braked", outcome.braked());
            if (outcome.durationMicros() != null) {
                gen.writeNumberField("durationMicros", outcome.durationMicros().longValue());
            }
        }
        strings(gen, provider, "oddities", record.oddities());
        gen.writeEndObject();
    }

    static void actions(JsonGenerator gen, SerializerProvider provider, List<ActionResult> actions) throws IOException {
        if (actions == null) {
            return;
        }
        gen.writeFieldName("actions");
        gen.writeStartArray(actions, actions.size());
        for (ActionResult action : actions) {
            if (action == null) {
                provider.defaultSerializeNull(gen);
                continue;
            }
            gen.writeStartObject(action);
            string(gen, "action", action.action());
            string(gen, "target", action.target());
            string(gen, "outcome", action.outcome());
            string(gen, "error", action.error());
            if (action.attempts() != null) {
                gen.writeNumberField("attempts", action.attempts().intValue());
            }
            gen.writeEndObject();
        }
        gen.writeEndArray();
    }

    static void strings(JsonGenerator gen, SerializerProvider provider, String name, List<String> values) throws IOException {
        if (values == null) {
            return;
        }
        gen.writeFieldName(name);
        gen.writeStartArray(values, values.size());
        for (String value : values) {
            if (value == null) {
                provider.defaultSerializeNull(gen);
            } else {
                gen.writeString(value);
            }
        }
        gen.writeEndArray();
    }

    static void string(JsonGenerator gen, String name, String value) throws IOException {
        if (value != null) {
            gen.writeStringField(name, value);
        }
    }

    private static void bool(JsonGenerator gen, String name, Boolean value) throws IOException {
        if (value != null) {
            gen.writeBooleanField(name, value);
        }
    }
}
