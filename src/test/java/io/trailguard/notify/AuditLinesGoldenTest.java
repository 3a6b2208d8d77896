package io.trailguard.notify;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.trailguard.AlertInbox;
import io.trailguard.CapturingAuditLog;
import io.trailguard.Lambda;
import io.trailguard.MotoServer;
import io.trailguard.SampleEvents;
import io.trailguard.WebhookReceiver;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.securityhub.SecurityHubClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * The exact text trailguard writes, kept under src/test/resources/golden/: every kind of audit line (and the
 * Lambda response that carries the decisions), and the alert bodies sent to SNS, a webhook and Security Hub.
 * Receivers parse these; a change of a name, an order or a null shows here. Only the time of the decision and
 * its duration are masked. On a difference, the text written is left in target/golden-actual/.
 */
@QuarkusTest
@TestProfile(AlertTargetsProfile.class)
class AuditLinesGoldenTest {

    static final Path GOLDEN = Path.of("src", "test", "resources", "golden");
    static final Path ACTUAL = Path.of("target", "golden-actual");

    @Inject
    S3Client s3;
    @Inject
    SnsClient sns;
    @Inject
    SsmClient ssm;
    @Inject
    SecurityHubClient securityHub;
    @Inject
    ObjectMapper mapper;
    @Inject
    CapturingAuditLog audit;

    final WebhookReceiver webhook = WebhookReceiver.get();
    AlertInbox alerts;

    @BeforeEach
    void freshAccount() {
        MotoServer.reset();
        webhook.clear();
        ssm.putParameter(b -> b.name(AlertTargetsProfile.WEBHOOK_PARAMETER).type(ParameterType.SECURE_STRING)
                .value(webhook.url()).overwrite(true));
        s3.createBucket(b -> b.bucket(AlertTargetsProfile.AUDIT_BUCKET));
        alerts = AlertInbox.create(sns);
        audit.clearLatest();
    }

    @AfterEach
    void close() {
        alerts.close();
    }

    @Test
    void highDecisionLineAndEveryAlertBody() throws Exception {
        String response = invoke("s3-public-bucket", "put-bucket-acl-canned-public-read");

        assertGolden(Map.of(
                "decision-high.response.json", response,
                "decision-high.audit.json", lines(),
                "decision-high.sns.json", single(alerts.messages()),
                "decision-high.webhook.json", single(webhook.requests()).body(),
                "decision-high.securityhub.txt", single(securityHub.getFindings(b -> b.maxResults(100)).findings()).toString()
                        .replaceAll("UpdatedAt=[^,)]+", "UpdatedAt=<now>")));
    }

    @Test
    void callerWithoutArnOrSourceIpInAnotherRegionThanItsEnvelope() throws Exception {
        ObjectNode event = (ObjectNode) mapper.readTree(SampleEvents.read("s3-public-bucket", "put-bucket-acl-canned-public-read"));
        event.put("region", "eu-west-1");
        ObjectNode detail = (ObjectNode) event.path("detail");
        detail.remove(List.of("sourceIPAddress", "eventTime"));
        ((ObjectNode) detail.path("userIdentity")).remove("arn");
        String response = masked(Lambda.invoke(event.toString()).statusCode(200).extract().asString());

        assertGolden(Map.of(
                "decision-partial-caller.response.json", response,
                "decision-partial-caller.audit.json", lines(),
                "decision-partial-caller.sns.json", single(alerts.messages())));
    }

    @Test
    void mediumDecisionBelowTheWebhookThreshold() throws Exception {
        invoke("iam-new-credentials", "create-user");

        assertGolden(Map.of(
                "decision-medium.audit.json", lines(),
                "decision-medium.sns.json", single(alerts.messages())));
    }

    @Test
    void noFindingLine() throws Exception {
        invoke("s3-public-bucket", "put-bucket-acl-private");

        assertGolden(Map.of("decision-no-finding.audit.json", lines()));
    }

    @Test
    void skippedBeforeDecidingLine() throws Exception {
        invoke("s3-public-bucket", "caused-by-trailguard-role");

        assertGolden(Map.of("decision-skipped.audit.json", lines()));
    }

    @Test
    void exemptResourceLine() throws Exception {
        invoke("s3-public-bucket", "exempt-resource-public-website");

        assertGolden(Map.of("decision-exempt-resource.audit.json", lines()));
    }

    @Test
    void replayedEventLine() throws Exception {
        invoke("s3-public-bucket", "replayed-from-archive");

        assertGolden(Map.of("decision-replayed.audit.json", lines()));
    }

    @Test
    void unmatchedLine() throws Exception {
        String response = invoke("s3-public-bucket", "get-bucket-acl-read-only");

        assertGolden(Map.of("unmatched.response.json", response, "unmatched.audit.json", lines()));
    }

    @Test
    void unmatchedLineInAnotherRegionThanItsEnvelope() throws Exception {
        ObjectNode event = (ObjectNode) mapper.readTree(SampleEvents.read("s3-public-bucket", "get-bucket-acl-read-only"));
        event.put("region", "eu-west-1");
        ((ObjectNode) event.path("detail")).remove("userIdentity");
        Lambda.invoke(event.toString()).statusCode(200);

        assertGolden(Map.of("unmatched-other-region.audit.json", lines()));
    }

    @Test
    void rejectedLine() throws Exception {
        String response = Lambda.invoke("[1, 2, 3]").statusCode(200).extract().asString();

        assertGolden(Map.of("rejected.response.json", masked(response), "rejected.audit.json", lines()));
    }

    private String invoke(String policy, String sample) {
        return masked(Lambda.invoke(SampleEvents.read(policy, sample)).statusCode(200).extract().asString());
    }

    /** The audit lines the invocation wrote, serialised as {@link AuditLog} writes them, one a line. */
    private String lines() throws Exception {
        List<String> lines = new ArrayList<>();
        for (AuditRecord record : audit.latest()) {
            lines.add(masked(mapper.writeValueAsString(record)));
        }
        return String.join("\n", lines);
    }

    private static <T> T single(List<T> items) {
        assertEquals(1, items.size(), "exactly one: " + items);
        return items.get(0);
    }

    /** The time of the decision and how long it took change on every run; nothing else may. */
    private static String masked(String text) {
        return text.replaceAll("\"time\":\"[^\"]+\"", "\"time\":\"<now>\"").replaceAll("\"durationMicros\":\\d+", "\"durationMicros\":0");
    }

    /** Each text against its golden file, all of them before failing, so one run shows every difference. */
    private static void assertGolden(Map<String, String> actualByName) {
        List<Executable> checks = new ArrayList<>();
        for (Map.Entry<String, String> actual : new TreeMap<>(actualByName).entrySet()) {
            String name = actual.getKey();
            String expected;
            try {
                expected = Files.exists(GOLDEN.resolve(name)) ? Files.readString(GOLDEN.resolve(name)).stripTrailing() : null;
                if (!actual.getValue().equals(expected)) {
                    Files.createDirectories(ACTUAL);
                    Files.writeString(ACTUAL.resolve(name), actual.getValue() + "\n");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            checks.add(() -> assertEquals(expected, actual.getValue(), name + " differs from " + GOLDEN.resolve(name)));
        }
        assertAll(checks);
    }
}
