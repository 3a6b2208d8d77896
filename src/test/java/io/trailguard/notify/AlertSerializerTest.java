package io.trailguard.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.BeanSerializer;

import io.trailguard.SampleEvents;
import io.trailguard.SampleTable;
import io.trailguard.event.InvalidEventException;
import io.trailguard.event.ParsedEvent;
import io.trailguard.policy.ActionResult;
import io.trailguard.policy.Verdict;

/**
 * {@link AlertSerializer} writes exactly what Jackson's bean serializer makes of Alert's annotations: the alert of
 * every verdict on every sample event, and alerts made by hand with each component (and each part of the call) left
 * out and awkward strings, through AuditRecordSerializerTest's mappers (plain Jackson, as Quarkus configures its own,
 * the generator's options on). The reference is the same mapper with the {@code @JsonSerialize} masked by a mix-in.
 */
class AlertSerializerTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.trailguard.notify.AuditRecordSerializerTest#mappers")
    void everyAlertIsWrittenAsTheBeanSerializerWritesIt(String name, ObjectMapper mapper) throws Exception {
        ObjectMapper reference = mapper.copy().addMixIn(Alert.class, BeanSerialized.class);
        List<Alert> alerts = alerts();
        assertTrue(alerts.size() > 100, alerts.size() + " alerts");
        List<String> differences = new ArrayList<>();
        for (Alert alert : alerts) {
            String expected = reference.writeValueAsString(alert);
            for (String actual : List.of(mapper.writeValueAsString(alert), AlertSerializer.json(mapper, alert))) {
                if (!expected.equals(actual) && differences.size() < 5) {
                    differences.add("expected " + expected + "\n     got " + actual);
                }
            }
        }
        assertEquals(List.of(), differences);
    }

    @Test
    void theReferenceIsJacksonsBeanSerializerAndTheMapperUsesTheHandWrittenOne() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        assertInstanceOf(AlertSerializer.class, mapper.getSerializerProviderInstance().findValueSerializer(Alert.class));
        assertInstanceOf(BeanSerializer.class,
                mapper.copy().addMixIn(Alert.class, BeanSerialized.class).getSerializerProviderInstance().findValueSerializer(Alert.class));
    }

    /** The alert of every verdict on the sample events, and the hand-made ones. */
    static List<Alert> alerts() throws Exception {
        SampleTable table = SampleTable.get();
        List<Alert> alerts = new ArrayList<>();
        ActionResult applied = new ActionResult("s3.block-public-access", "tg-demo-data", ActionResult.APPLIED, null, 1);
        for (Path sample : SampleEvents.all()) {
            ParsedEvent parsed;
            List<Verdict> verdicts;
            try {
                verdicts = table.decide(sample);
                parsed = table.reader().read(Files.readAllBytes(sample));
            } catch (InvalidEventException e) {
                continue;
            }
            for (Verdict verdict : verdicts) {
                if (verdict.actionable()) { // only a finding is alerted
                    alerts.add(Alert.of(verdict, parsed.event(), List.of(applied)));
                }
            }
        }
        String awkward = AuditRecordSamples.AWKWARD;
        ApiCall call = new ApiCall("id-" + awkward, "PutBucketAcl", "s3.amazonaws.com", "arn:aws:iam::123456789012:user/\"alice\"",
                "123456789012", "us-east-1", "203.0.113.10", "2026-11-20T10:15:29Z");
        Alert full = new Alert("s3-public-bucket", "HIGH", "enforce", "summary " + awkward, call, "AWS::S3::Bucket " + awkward,
                List.of("finding " + awkward, ""), Arrays.asList(applied, null, new ActionResult(null, null, null, awkward, null)),
                List.of("T1530", "T1098.001"), "https://example.com/runbook?a=1&b=\"2\"");
        alerts.add(full);
        for (int i = 0; i < Alert.class.getRecordComponents().length; i++) {
            if (AuditRecordSamples.component(full, i) instanceof ApiCall) {
                for (int j = 0; j < ApiCall.class.getRecordComponents().length; j++) {
                    alerts.add(AuditRecordSamples.with(full, i, AuditRecordSamples.with(call, j, null)));
                }
            } else {
                alerts.add(AuditRecordSamples.with(full, i, null));
            }
        }
        alerts.add(full.withTexts(full.summary(), List.of(), List.of()));
        alerts.add(full.withTexts(null, Arrays.asList("a", null), List.of(new ActionResult(null, null, null, null, null))));
        return alerts;
    }

    @JsonSerialize(using = JsonSerializer.None.class)
    private interface BeanSerialized {
    }
}
