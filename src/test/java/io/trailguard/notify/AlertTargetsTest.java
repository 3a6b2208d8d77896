package io.trailguard.notify;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;

import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.trailguard.AlertInbox;
import io.trailguard.Lambda;
import io.trailguard.MotoServer;
import io.trailguard.SampleEvents;
import io.trailguard.WebhookReceiver;
import io.trailguard.policy.CommonSettings;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamType;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.securityhub.SecurityHubClient;
import software.amazon.awssdk.services.securityhub.model.AwsSecurityFinding;
import software.amazon.awssdk.services.securityhub.model.SeverityLabel;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * Alerts end to end with every target on: an event through the Lambda event server, then what the webhook
 * received, what SNS delivered to SQS, what Security Hub holds, and the audit objects in S3 (directly and via
 * Firehose), all in moto or a local HTTP server.
 */
@QuarkusTest
@TestProfile(AlertTargetsProfile.class)
class AlertTargetsTest {

    static final String FIREHOSE_BUCKET = "tg-audit-firehose";
    static final String S3_EVENT_ID = "005e0000-0000-0040-0080-000000001eef";

    @Inject
    S3Client s3;
    @Inject
    SnsClient sns;
    @Inject
    SsmClient ssm;
    @Inject
    SecurityHubClient securityHub;
    @Inject
    FirehoseClient firehose;
    @Inject
    ObjectMapper mapper;
    @Inject
    @Any
    Instance<AlertTarget> targets;

    final WebhookReceiver webhook = WebhookReceiver.get();
    AlertInbox alerts;
    AlertInbox highOnly;
    AlertInbox criticalOnly;

    @Test
    void thePolicySettingsKnowEveryAlertTargetByName() {
        // alert-targets and alerts.<target>.min-severity are validated at start-up against CommonSettings' list
        assertEquals(new TreeSet<>(CommonSettings.ALERT_TARGET_NAMES),
                targets.stream().map(AlertTarget::name).collect(Collectors.toCollection(TreeSet::new)));
    }

    @BeforeEach
    void freshAccount() {
        MotoServer.reset();
        webhook.clear();
        ssm.putParameter(b -> b.name(AlertTargetsProfile.WEBHOOK_PARAMETER).type(ParameterType.SECURE_STRING)
                .value(webhook.url()).overwrite(true));
        s3.createBucket(b -> b.bucket("tg-demo-data"));
        s3.createBucket(b -> b.bucket(AlertTargetsProfile.AUDIT_BUCKET));
        s3.createBucket(b -> b.bucket(FIREHOSE_BUCKET));
        firehose.createDeliveryStream(b -> b.deliveryStreamName(AlertTargetsProfile.AUDIT_STREAM)
                .deliveryStreamType(DeliveryStreamType.DIRECT_PUT)
                .extendedS3DestinationConfiguration(c -> c.bucketARN("arn:aws:s3:::" + FIREHOSE_BUCKET)
                        .roleARN("arn:aws:iam::123456789012:role/firehose-delivery").prefix("siem/")));
        alerts = AlertInbox.create(sns);
    }

    @AfterEach
    void close() {
        for (AlertInbox inbox : new AlertInbox[] { alerts, highOnly, criticalOnly }) {
            if (inbox != null) {
                inbox.close();
            }
        }
        highOnly = null;
        criticalOnly = null;
    }

    @Test
    void highDecisionReachesEveryTargetAndTheAuditTrail() throws Exception {
        highOnly = AlertInbox.filtered(sns, "s3-high", "{\"policy\":[\"s3-public-bucket\"],\"severity\":[\"HIGH\",\"CRITICAL\"]}");
        criticalOnly = AlertInbox.filtered(sns, "critical", "{\"severity\":[\"CRITICAL\"]}");
        Lambda.invoke(SampleEvents.read("s3-public-bucket", "put-bucket-acl-canned-public-read")).statusCode(200)
                .body("decisions[0].alert", equalTo("security-hub: imported; sns: sent; webhook: sent (HTTP 200)"));

        List<WebhookReceiver.Request> posts = webhook.requests();
        assertEquals(1, posts.size(), "one webhook POST");
        assertEquals("POST", posts.get(0).method());
        assertTrue(posts.get(0).contentType().startsWith("application/json"));
        assertEquals("/services/" + webhook.token(), posts.get(0).path(), "the URL read from the SSM parameter");
        JsonNode payload = mapper.readTree(posts.get(0).body());
        assertTrue(payload.path("text").asText().startsWith("[trailguard] HIGH s3-public-bucket"), payload.path("text").asText());
        assertEquals("header", payload.path("blocks").get(0).path("type").asText());
        assertEquals("s3-public-bucket", payload.path("alert").path("policy").asText());
        assertEquals(S3_EVENT_ID, payload.path("alert").path("eventId").asText());

        assertEquals(1, alerts.messages().size(), "one SNS alert");
        assertEquals(1, highOnly.messages().size(), "the policy and severity message attributes let subscribers filter");
        assertTrue(criticalOnly.messages().isEmpty(), "a HIGH alert does not pass a CRITICAL filter");

        List<AwsSecurityFinding> findings = securityHub.getFindings(b -> b.maxResults(100)).findings();
        assertEquals(1, findings.size());
        AwsSecurityFinding finding = findings.get(0);
        assertEquals("trailguard/s3-public-bucket/" + S3_EVENT_ID, finding.id());
        assertEquals("arn:aws:securityhub:us-east-1:123456789012:product/123456789012/default", finding.productArn());
        assertEquals("2018-10-08", finding.schemaVersion());
        assertEquals("s3-public-bucket", finding.generatorId());
        assertEquals("123456789012", finding.awsAccountId());
        assertEquals(SeverityLabel.HIGH, finding.severity().label());
        assertEquals(List.of("Effects/Data Exposure", "Software and Configuration Checks/AWS Security Best Practices"), finding.types());
        assertEquals("AwsS3Bucket", finding.resources().get(0).type());
        assertEquals("arn:aws:s3:::tg-demo-data", finding.resources().get(0).id());
        assertEquals("2026-11-20T10:15:29Z", finding.createdAt(), "created when the call was made");
        assertFalse(finding.updatedAt().isBlank());
        assertTrue(finding.remediation().recommendation().text().startsWith("Remediate: s3.remove-public-acl-grants on tg-demo-data (not-applied)"),
                finding.remediation().recommendation().text());
        assertEquals("PutBucketAcl", finding.action().awsApiCallAction().api());
        assertEquals("203.0.113.10", finding.action().awsApiCallAction().remoteIpDetails().ipAddressV4());

        String day = LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy/MM/dd/"));
        List<S3Object> audit = s3.listObjectsV2(b -> b.bucket(AlertTargetsProfile.AUDIT_BUCKET)).contents();
        assertEquals(1, audit.size(), "one audit object per decision");
        String key = audit.get(0).key();
        assertTrue(key.startsWith("trailguard-audit/" + day) && key.endsWith("-" + S3_EVENT_ID + "-s3-public-bucket.json"), key);
        JsonNode record = mapper.readTree(s3.getObjectAsBytes(b -> b.bucket(AlertTargetsProfile.AUDIT_BUCKET).key(key)).asUtf8String());
        assertEquals("decision", record.path("type").asText());
        assertEquals("s3-public-bucket", record.path("policy").asText());
        assertEquals("security-hub: imported; sns: sent; webhook: sent (HTTP 200)", record.path("alert").asText());

        List<String> delivered = firehoseRecords();
        assertEquals(1, delivered.size(), "one record delivered through Firehose");
        assertEquals(S3_EVENT_ID, mapper.readTree(delivered.get(0)).path("eventId").asText());
    }

    @Test
    void redeliveredEventUpdatesTheSameFinding() {
        String event = SampleEvents.read("s3-public-bucket", "put-bucket-acl-canned-public-read");
        Lambda.invoke(event).statusCode(200);
        String firstUpdate = securityHub.getFindings(b -> b.maxResults(100)).findings().get(0).updatedAt();
        Lambda.invoke(event).statusCode(200);

        List<AwsSecurityFinding> findings = securityHub.getFindings(b -> b.maxResults(100)).findings();
        assertEquals(1, findings.size(), "the same finding, not a second one");
        assertEquals("2026-11-20T10:15:29Z", findings.get(0).createdAt());
        assertTrue(findings.get(0).updatedAt().compareTo(firstUpdate) >= 0);
    }

    @Test
    void mediumDecisionDoesNotReachTheHighThresholdWebhook() {
        Lambda.invoke(SampleEvents.read("iam-new-credentials", "create-user")).statusCode(200)
                .body("decisions[0].severity", equalTo("MEDIUM"))
                .body("decisions[0].alert", equalTo("security-hub: imported; sns: sent; webhook: below HIGH"));

        assertTrue(webhook.requests().isEmpty(), "nothing POSTed below the threshold");
        assertEquals(1, alerts.messages().size(), "SNS has no threshold here");
        AwsSecurityFinding finding = securityHub.getFindings(b -> b.maxResults(100)).findings().get(0);
        assertEquals(SeverityLabel.MEDIUM, finding.severity().label());
        assertEquals("AwsIamUser", finding.resources().get(0).type());
        assertTrue(finding.resources().get(0).id().startsWith("arn:aws:iam::123456789012:user/"), finding.resources().get(0).id());
        assertEquals(List.of("TTPs/Persistence"), finding.types());
    }

    @Test
    void aPolicysTargetListLimitsWhereItsAlertsGo() throws Exception {
        Lambda.invoke(SampleEvents.read("cloudtrail-tampering", "stop-logging-by-name")).statusCode(200)
                .body("decisions[0].alert", equalTo("webhook: sent (HTTP 200)"));

        assertEquals(1, webhook.requests().size());
        assertEquals("cloudtrail-tampering", mapper.readTree(webhook.requests().get(0).body()).path("alert").path("policy").asText());
        assertTrue(alerts.messages().isEmpty(), "SNS is not in the policy's list");
        assertTrue(securityHub.getFindings(b -> b.maxResults(100)).findings().isEmpty(), "nor is Security Hub");
        assertEquals(1, s3.listObjectsV2(b -> b.bucket(AlertTargetsProfile.AUDIT_BUCKET)).contents().size(), "the audit trail has it all the same");
    }

    @Test
    void rejectedInputIsArchivedButNotAlerted() throws Exception {
        Lambda.invoke("[1, 2, 3]").statusCode(200).body("status", equalTo("rejected"));

        List<S3Object> audit = s3.listObjectsV2(b -> b.bucket(AlertTargetsProfile.AUDIT_BUCKET)).contents();
        assertEquals(1, audit.size());
        assertTrue(audit.get(0).key().endsWith("-no-event-id-rejected.json"), audit.get(0).key());
        assertTrue(webhook.requests().isEmpty());
        assertTrue(alerts.messages().isEmpty());
    }

    @Test
    void webhookIsRetriedOnceAndItsUrlNeverLogged() throws Exception {
        List<String> logged = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                StringBuilder text = new StringBuilder(String.valueOf(record.getMessage()));
                if (record.getParameters() != null) {
                    for (Object parameter : record.getParameters()) {
                        text.append(' ').append(parameter);
                    }
                }
                if (record.getThrown() != null) {
                    text.append(' ').append(record.getThrown());
                }
                synchronized (logged) {
                    logged.add(text.toString());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        capture.setLevel(Level.ALL);
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        String event = SampleEvents.read("s3-public-bucket", "put-bucket-acl-canned-public-read");
        String retried;
        String failed;
        try {
            webhook.answer(503);
            retried = Lambda.invoke(event).statusCode(200).extract().asString();
            webhook.answer(500, 500);
            failed = Lambda.invoke(event).statusCode(200).extract().asString();
        } finally {
            root.removeHandler(capture);
        }

        assertTrue(retried.contains("webhook: sent (HTTP 200, on retry)"), retried);
        assertTrue(failed.contains("webhook: failed: WebhookException: HTTP 500 after 2 attempts"), failed);
        assertTrue(failed.contains("sns: sent"), "a failing webhook does not stop the other targets: " + failed);
        assertTrue(Notifier.failed(mapper.readTree(failed).path("decisions").get(0).path("alert").asText()));
        assertEquals(4, webhook.requests().size(), "one retry each time, no more");
        assertTrue(logged.stream().anyMatch(l -> l.contains("not sent to webhook") && l.contains("HTTP 500")),
                "the failure is logged: " + logged);
        String port = webhook.url().substring(0, webhook.url().indexOf("/services"));
        for (String text : concat(logged, List.of(retried, failed), auditObjects())) {
            assertFalse(text.contains(webhook.token()), "webhook token leaked: " + text);
            assertFalse(text.contains(port + "/"), "webhook URL leaked: " + text);
        }
    }

    private List<String> firehoseRecords() {
        List<String> records = new ArrayList<>();
        for (S3Object object : s3.listObjectsV2(b -> b.bucket(FIREHOSE_BUCKET).prefix("siem/")).contents()) {
            String data = s3.getObjectAsBytes(b -> b.bucket(FIREHOSE_BUCKET).key(object.key())).asUtf8String();
            assertTrue(data.endsWith("\n"), "newline-terminated records: " + data);
            records.addAll(List.of(data.split("\n")));
        }
        return records;
    }

    private List<String> auditObjects() {
        List<String> texts = new ArrayList<>();
        for (S3Object object : s3.listObjectsV2(b -> b.bucket(AlertTargetsProfile.AUDIT_BUCKET)).contents()) {
            texts.add(s3.getObjectAsBytes(b -> b.bucket(AlertTargetsProfile.AUDIT_BUCKET).key(object.key())).asUtf8String());
        }
        assertFalse(texts.isEmpty());
        return texts;
    }

    @SafeVarargs
    private static List<String> concat(List<String>... lists) {
        List<String> all = new ArrayList<>();
        for (List<String> list : lists) {
            all.addAll(list);
        }
        return all;
    }
}
