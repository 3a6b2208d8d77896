package io.trailguard.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.trailguard.policy.ActionResult;

/** Alerts stay under SNS's 256 KB however many findings a decision has, and say what they left out. */
class AlertBodyTest {

    final ObjectMapper mapper = new ObjectMapper();

    @Test
    void aSmallAlertIsWrittenWhole() throws Exception {
        Alert alert = alert(List.of("one", "two"), "short");
        assertEquals(mapper.writeValueAsString(alert), AlertBody.json(alert, SnsAlerts.MAX_BODY_BYTES, mapper));
    }

    @Test
    void tooManyFindingsAreCutAndCounted() throws Exception {
        List<String> findings = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            findings.add("statement " + i + " allows s3:GetObject to Principal * on arn:aws:s3:::tg-demo-data/prefix-" + i + "/*");
        }
        String body = AlertBody.json(alert(findings, "many findings"), SnsAlerts.MAX_BODY_BYTES, mapper);

        assertTrue(body.getBytes(StandardCharsets.UTF_8).length <= SnsAlerts.MAX_BODY_BYTES);
        JsonNode json = mapper.readTree(body);
        JsonNode kept = json.path("findings");
        assertTrue(kept.size() > 100 && kept.size() < 5000, "kept " + kept.size());
        assertEquals(findings.get(0), kept.get(0).asText(), "the first findings are kept as they were");
        int left = 5000 - (kept.size() - 1);
        assertEquals("… " + left + " more findings left out to fit the message size limit", kept.get(kept.size() - 1).asText());
        assertEquals("s3-public-bucket", json.path("policy").asText());
    }

    @Test
    void hugeTextsAreShortenedAndMultiByteCharactersCounted() throws Exception {
        String huge = "é".repeat(200_000);
        String body = AlertBody.json(alert(List.of(huge, huge), huge), 20_000, mapper);

        assertTrue(body.getBytes(StandardCharsets.UTF_8).length <= 20_000);
        JsonNode json = mapper.readTree(body);
        assertEquals(AlertBody.MAX_TEXT, json.path("summary").asText().length());
        assertTrue(json.path("summary").asText().endsWith("…"));
    }

    private static Alert alert(List<String> findings, String summary) {
        ApiCall call = new ApiCall("evt-1", "PutBucketPolicy", "s3.amazonaws.com", "arn:aws:iam::123456789012:user/alice",
                "123456789012", "us-east-1", "203.0.113.10", "2026-11-20T10:15:29Z");
        return new Alert("s3-public-bucket", "HIGH", "enforce", summary, call, "AWS::S3::Bucket tg-demo-data", findings,
                List.of(new ActionResult("s3:PutBucketPolicy", "tg-demo-data", ActionResult.APPLIED, null)), List.of("T1530"),
                "https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html");
    }
}
