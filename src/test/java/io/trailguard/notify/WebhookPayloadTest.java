package io.trailguard.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.trailguard.policy.ActionResult;

/** The webhook body renders in Slack (text, blocks within Slack's limits) and carries the alert; event values cannot inject mrkdwn. */
class WebhookPayloadTest {

    final ObjectMapper mapper = new ObjectMapper();

    @Test
    void slackTextBlocksAndTheAlert() throws Exception {
        JsonNode payload = mapper.readTree(WebhookPayload.of(alert("tg-demo-data", List.of("AllUsers READ")), mapper));

        assertTrue(payload.path("text").asText().startsWith("[trailguard] HIGH s3-public-bucket: s3.amazonaws.com PutBucketAcl"));
        JsonNode blocks = payload.path("blocks");
        assertEquals("header", blocks.get(0).path("type").asText());
        assertEquals("HIGH s3-public-bucket", blocks.get(0).path("text").path("text").asText());
        for (JsonNode block : blocks) {
            assertTrue(block.path("text").path("text").asText().length() <= WebhookPayload.SECTION_TEXT);
        }
        assertTrue(blocks.toString().contains("AllUsers READ"));
        assertTrue(blocks.toString().contains("`s3:PutBucketAcl` on tg-demo-data: applied"));
        assertEquals("s3-public-bucket", payload.path("alert").path("policy").asText());
        assertEquals("evt-1", payload.path("alert").path("eventId").asText());
    }

    @Test
    void attackTechniquesAndRunbookAreLinked() throws Exception {
        JsonNode payload = mapper.readTree(WebhookPayload.of(alert("tg-demo-data", List.of("AllUsers READ")), mapper));

        String blocks = payload.path("blocks").toString();
        assertTrue(blocks.contains("<https://attack.mitre.org/techniques/T1530/|T1530>"), blocks);
        assertTrue(blocks.contains("<https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html|"), blocks);
        assertEquals("[\"T1530\"]", payload.path("alert").path("attack").toString());
        assertEquals("https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html",
                payload.path("alert").path("runbook").asText());
    }

    @Test
    void aMalformedTechniqueOrRunbookIsTextNotALink() throws Exception {
        Alert forged = alert("tg-demo-data", List.of()).withTexts("s", List.of(), List.of());
        forged = new Alert(forged.policy(), forged.severity(), forged.mode(), forged.summary(), forged.call(), forged.resource(),
                forged.findings(), forged.actions(), List.of("T1530|<!channel>"), "https://x.example/a|<!here>");
        String blocks = mapper.readTree(WebhookPayload.of(forged, mapper)).path("blocks").toString();

        assertFalse(blocks.contains("<!channel>") || blocks.contains("<!here>"), blocks);
        assertTrue(blocks.contains("T1530|&lt;!channel&gt;"), blocks);
        assertTrue(blocks.contains("https://x.example/a|&lt;!here&gt;"), blocks);
    }

    @Test
    void withoutARunbookTheAlertLeavesItOut() throws Exception {
        Alert plain = alert("tg-demo-data", List.of());
        plain = new Alert(plain.policy(), plain.severity(), plain.mode(), plain.summary(), plain.call(), plain.resource(),
                plain.findings(), plain.actions(), List.of("T1530"), null);
        JsonNode payload = mapper.readTree(WebhookPayload.of(plain, mapper));

        assertFalse(payload.path("alert").has("runbook"));
        assertFalse(payload.path("blocks").toString().contains("Runbook"));
    }

    @Test
    void eventValuesCannotMentionOrLink() throws Exception {
        JsonNode payload = mapper.readTree(WebhookPayload.of(alert("<!channel> <https://evil.example|click>", List.of("<@U123>")), mapper));

        String rendered = payload.path("blocks").toString() + payload.path("text").asText();
        assertFalse(rendered.contains("<!channel>"));
        assertFalse(rendered.contains("<https://evil.example"));
        assertFalse(rendered.contains("<@U123>"));
        assertTrue(rendered.contains("&lt;!channel&gt;"));
    }

    @Test
    void manyFindingsAreCountedNotAllListed() throws Exception {
        List<String> findings = java.util.stream.IntStream.range(0, 40).mapToObj(i -> "finding " + i).toList();
        JsonNode payload = mapper.readTree(WebhookPayload.of(alert("tg-demo-data", findings), mapper));

        String blocks = payload.path("blocks").toString();
        assertTrue(blocks.contains("finding 9"));
        assertFalse(blocks.contains("finding 10\\n") || blocks.contains("finding 39"));
        assertTrue(blocks.contains("30 more"));
        assertEquals(40, payload.path("alert").path("findings").size(), "the alert copy keeps them all");
    }

    private static Alert alert(String resource, List<String> findings) {
        ApiCall call = new ApiCall("evt-1", "PutBucketAcl", "s3.amazonaws.com", "arn:aws:iam::123456789012:user/alice",
                "123456789012", "us-east-1", "203.0.113.10", "2026-11-20T10:15:29Z");
        return new Alert("s3-public-bucket", "HIGH", "enforce", "bucket " + resource + " made public by canned ACL public-read",
                call, "AWS::S3::Bucket " + resource, findings,
                List.of(new ActionResult("s3:PutBucketAcl", resource, ActionResult.APPLIED, null)), List.of("T1530"),
                "https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html");
    }
}
