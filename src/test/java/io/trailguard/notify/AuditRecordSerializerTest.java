package io.trailguard.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.ser.BeanSerializer;

import io.trailguard.SampleTable;
import io.trailguard.handler.InterceptionResult;
import io.trailguard.handler.InterceptionResultSerializer;
import io.trailguard.policy.ActionResult;

/**
 * {@link AuditRecordSerializer} writes exactly what Jackson's bean serializer makes of AuditRecord's annotations:
 * every record of {@link AuditRecordSamples}, alone and in a Lambda response, as text and as UTF-8 bytes, through
 * mappers configured as plain Jackson, as Quarkus configures its own, and with the generator's own options on. The
 * reference is the same mapper with the {@code @JsonSerialize} masked by a mix-in; the record set writes every field,
 * all of them at once in one record, so that a field dropped or out of order cannot go unseen.
 */
class AuditRecordSerializerTest {

    static List<AuditRecord> records;

    @BeforeAll
    static void records() throws Exception {
        records = AuditRecordSamples.all();
    }

    static Stream<Arguments> mappers() {
        return Stream.of(
                Arguments.of("plain", new ObjectMapper()),
                Arguments.of("as Quarkus", SampleTable.get().mapper()),
                Arguments.of("generator options", JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT)
                        .enable(JsonWriteFeature.ESCAPE_NON_ASCII).enable(JsonWriteFeature.WRITE_NUMBERS_AS_STRINGS).build()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mappers")
    void everyRecordIsWrittenAsTheBeanSerializerWritesIt(String name, ObjectMapper mapper) throws IOException {
        assertEquals(List.of(), differences(mapper, records));
    }

    @Test
    void theRecordSetWritesEveryFieldAllAtOnceInComponentOrder() throws Exception {
        ObjectMapper reference = beanSerializing(new ObjectMapper());
        List<String> names = AuditRecordSamples.fieldNames(AuditRecord.class);
        assertEquals(28, names.size(), "fields of an audit line: " + names);
        JsonNode full = reference.readTree(reference.writeValueAsString(AuditRecordSamples.full()));
        assertEquals(names, fieldNames(full), "the full record writes every field, in the order of the components");
        assertEquals(AuditRecordSamples.fieldNames(ActionResult.class), fieldNames(full.get("actions").get(0)));

        Set<String> written = new LinkedHashSet<>();
        Set<String> writtenByDecisions = new LinkedHashSet<>();
        Set<String> types = new LinkedHashSet<>();
        Set<String> replays = new LinkedHashSet<>();
        for (AuditRecord record : records) {
            JsonNode line = reference.readTree(reference.writeValueAsString(record));
            written.addAll(fieldNames(line));
            types.add(line.path("type").asText());
            replays.add(line.path("replay").asText());
        }
        for (AuditRecord record : AuditRecordSamples.decided()) {
            writtenByDecisions.addAll(fieldNames(reference.readTree(reference.writeValueAsString(record))));
        }
        assertEquals(Set.copyOf(names), written);
        assertEquals(Set.copyOf(names), writtenByDecisions, "the sample events' decisions alone write every field");
        assertTrue(types.containsAll(List.of(AuditRecord.DECISION, AuditRecord.REJECTED, AuditRecord.UNMATCHED)), "types " + types);
        assertTrue(replays.containsAll(List.of("true", "false")), "replay " + replays);
        assertTrue(records.size() > 1000, records.size() + " records");
        assertTrue(records.contains(new AuditRecord(null, null, null, null, null, null, null, null)));
    }

    @Test
    void theReferenceIsJacksonsBeanSerializerAndTheMapperUsesTheHandWrittenOne() throws JsonMappingException {
        ObjectMapper mapper = new ObjectMapper();
        assertInstanceOf(AuditRecordSerializer.class, mapper.getSerializerProviderInstance().findValueSerializer(AuditRecord.class));
        assertInstanceOf(BeanSerializer.class, beanSerializing(mapper).getSerializerProviderInstance().findValueSerializer(AuditRecord.class));
        assertInstanceOf(InterceptionResultSerializer.class, mapper.getSerializerProviderInstance().findValueSerializer(InterceptionResult.class));
        assertInstanceOf(BeanSerializer.class, beanSerializing(mapper).getSerializerProviderInstance().findValueSerializer(InterceptionResult.class));
    }

    /**
     * Each record, and all of them in a Lambda response, written by {@code mapper} and by its bean-serializing copy,
     * as text and as bytes: the first records that differ, with both texts; empty when none does.
     */
    static List<String> differences(ObjectMapper mapper, List<AuditRecord> records) throws IOException {
        ObjectMapper reference = beanSerializing(mapper);
        List<String> differences = new ArrayList<>();
        List<Object> values = new ArrayList<>(records);
        values.add(new InterceptionResult(InterceptionResult.DECIDED, "event-id", null, records));
        values.add(new InterceptionResult(InterceptionResult.REJECTED, null, "not JSON: \"quoted\" ünïcode", null));
        values.add(new InterceptionResult(InterceptionResult.UNMATCHED, "event-id", null, List.of()));
        values.add(new InterceptionResult(null, null, null, Arrays.asList(records.get(0), null)));
        for (Object value : values) {
            String expected = reference.writeValueAsString(value);
            String actual = mapper.writeValueAsString(value);
            byte[] expectedBytes = reference.writeValueAsBytes(value);
            // as the audit log (text) and the handler (UTF-8 bytes) write them, without asking the mapper for a serializer
            String json = value instanceof AuditRecord record ? AuditRecordSerializer.json(mapper, record) : expected;
            ByteArrayOutputStream direct = new ByteArrayOutputStream();
            InterceptionResultSerializer.write(mapper, direct, value);
            if (!expected.equals(actual)) {
                differences.add(firstDifference(expected, actual));
            } else if (!Arrays.equals(expectedBytes, mapper.writeValueAsBytes(value))) {
                differences.add("as bytes: " + expected);
            } else if (!expected.equals(json)) {
                differences.add("written directly: " + firstDifference(expected, json));
            } else if (!Arrays.equals(expectedBytes, direct.toByteArray())) {
                differences.add("as bytes, written directly: " + firstDifference(new String(expectedBytes, StandardCharsets.UTF_8),
                        direct.toString(StandardCharsets.UTF_8)));
            }
            if (differences.size() == 5) {
                break;
            }
        }
        return differences;
    }

    /** Where two texts part, with a little of each around it. */
    private static String firstDifference(String expected, String actual) {
        int at = 0;
        while (at < expected.length() && at < actual.length() && expected.charAt(at) == actual.charAt(at)) {
            at++;
        }
        int from = Math.max(0, at - 80);
        return "at " + at + " expected …" + expected.substring(from, Math.min(expected.length(), at + 80)) + "…\n     got …"
                + actual.substring(from, Math.min(actual.length(), at + 80)) + "…";
    }

    /**
     * A copy of {@code mapper} that writes AuditRecord and InterceptionResult with Jackson's bean serializer, built from
     * the annotations.
     */
    static ObjectMapper beanSerializing(ObjectMapper mapper) {
        return mapper.copy().addMixIn(AuditRecord.class, BeanSerialized.class).addMixIn(InterceptionResult.class, BeanSerialized.class);
    }

    @JsonSerialize(using = JsonSerializer.None.class)
    private interface BeanSerialized {
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            names.add(it.next());
        }
        return names;
    }
}
