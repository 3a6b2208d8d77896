package io.trailguard.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.trailguard.SampleEvents;

/** A threshold counts an event at the time Instant.parse reads, whether or not the formatter is skipped. */
class ThresholdTimeTest {

    @Test
    void readsEveryTimeAsInstantParseDoes() throws Exception {
        List<String> times = new ArrayList<>(List.of("2026-12-01T03:07:53Z", "1970-01-01T00:00:00Z", "1969-12-31T23:59:59Z",
                "2024-02-29T12:00:00Z", "2023-02-29T12:00:00Z", "2026-13-01T00:00:00Z", "2026-00-10T00:00:00Z", "2026-04-31T00:00:00Z",
                "2026-12-00T00:00:00Z", "2026-12-01T24:00:00Z", "2026-12-31T23:59:60Z", "2026-12-01T03:60:00Z", "2026-12-01T03:07:53.250Z",
                "2026-12-01T03:07:53z", "2026-12-01T03:07:53+01:00", "2026-12-01 03:07:53Z", "+2026-12-01T03:07:5Z", "0000-01-01T00:00:00Z",
                "9999-12-31T23:59:59Z", "２０２６-12-01T03:07:53Z", "2026-1a-01T03:07:53Z", ""));
        ObjectMapper mapper = new ObjectMapper();
        for (Path sample : SampleEvents.all()) {
            JsonNode event = mapper.readTree(sample.toFile());
            times.add(event.path("time").asText());
            times.add(event.path("detail").path("eventTime").asText());
        }
        int plain = 0;
        for (String time : times) {
            Long expected;
            try {
                expected = Instant.parse(time).toEpochMilli();
            } catch (DateTimeParseException e) {
                expected = null;
            }
            long read = Thresholds.plainUtcMillis(time);
            if (read != Long.MIN_VALUE) {
                assertEquals(expected, read, time);
                plain++;
            }
        }
        assertTrue(plain > 500, "the samples' times are CloudTrail's plain form: " + plain);
    }
}
