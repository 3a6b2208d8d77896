package io.trailguard.policies;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.trailguard.AlertInbox;
import io.trailguard.Lambda;
import io.trailguard.MotoServer;
import io.trailguard.SampleEvents;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.Grant;
import software.amazon.awssdk.services.s3.model.Grantee;
import software.amazon.awssdk.services.s3.model.Owner;
import software.amazon.awssdk.services.s3.model.Permission;
import software.amazon.awssdk.services.s3.model.Type;
import software.amazon.awssdk.services.s3.model.LoggingEnabled;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.sns.SnsClient;

/** s3-protection-removed end to end: the sample through the Lambda event server, then the bucket's state in moto. */
@QuarkusTest
class ProtectionRemovedRemediationTest {

    static final String POLICY = "s3-protection-removed";
    // the buckets named in the samples under events/s3-protection-removed/, and the test profile's log target
    static final String BACKUPS = "tg-backups-123456789012";
    static final String DATA = "tg-demo-data";
    static final String LOGS = "tg-access-logs-123456789012";

    @Inject
    S3Client s3;
    @Inject
    SnsClient sns;
    @Inject
    ObjectMapper mapper;

    AlertInbox alerts;

    @BeforeEach
    void freshAccount() {
        MotoServer.reset();
        alerts = AlertInbox.create(sns);
    }

    @AfterEach
    void close() {
        alerts.close();
    }

    @Test
    void suspendedVersioningIsEnabledAgainAndASecondDeliveryChangesNothing() throws Exception {
        s3.createBucket(b -> b.bucket(BACKUPS));
        s3.putBucketVersioning(b -> b.bucket(BACKUPS).versioningConfiguration(v -> v.status(BucketVersioningStatus.SUSPENDED)));
        assertEquals(BucketVersioningStatus.SUSPENDED, versioning(), "precondition: versioning suspended");
        String event = SampleEvents.read(POLICY, "versioning-suspended");

        Lambda.invoke(event).statusCode(200).body("decisions[0].policy", equalTo(POLICY))
                .body("decisions[0].actions.action", equalTo(List.of("s3.enable-versioning")))
                .body("decisions[0].actions.outcome", equalTo(List.of("applied")));

        assertEquals(BucketVersioningStatus.ENABLED, versioning());
        JsonNode alert = onlyAlert();
        assertEquals("HIGH", alert.path("severity").asText());
        assertEquals("AWS::S3::Bucket " + BACKUPS, alert.path("resource").asText());

        Lambda.invoke(event).statusCode(200).body("decisions[0].actions.outcome", equalTo(List.of("already-compliant")));
        assertEquals(BucketVersioningStatus.ENABLED, versioning());
    }

    @Test
    void deletedDefaultEncryptionIsPutBack() {
        s3.createBucket(b -> b.bucket(DATA));
        s3.putBucketEncryption(b -> b.bucket(DATA).serverSideEncryptionConfiguration(c -> c
                .rules(r -> r.applyServerSideEncryptionByDefault(d -> d.sseAlgorithm(ServerSideEncryption.AWS_KMS)))));
        s3.deleteBucketEncryption(b -> b.bucket(DATA));
        // moto keeps no configuration after a delete, as S3 did before it fell back to SSE-S3 by itself
        assertNull(encryption(), "precondition: no default encryption");
        String event = SampleEvents.read(POLICY, "encryption-deleted");

        Lambda.invoke(event).statusCode(200)
                .body("decisions[0].actions.action", equalTo(List.of("s3.put-default-encryption")))
                .body("decisions[0].actions.outcome", equalTo(List.of("applied")));

        assertEquals("AES256", encryption());
        Lambda.invoke(event).statusCode(200).body("decisions[0].actions.outcome", equalTo(List.of("already-compliant")));
    }

    @Test
    void loggingTurnedOffIsTurnedBackOnIntoTheConfiguredLogBucket() throws Exception {
        s3.createBucket(b -> b.bucket(DATA));
        s3.createBucket(b -> b.bucket(LOGS));
        // the log-delivery grant S3 (and moto) require of a target bucket
        Owner owner = s3.getBucketAcl(b -> b.bucket(LOGS)).owner();
        Grantee logDelivery = Grantee.builder().type(Type.GROUP).uri("http://acs.amazonaws.com/groups/s3/LogDelivery").build();
        s3.putBucketAcl(b -> b.bucket(LOGS).accessControlPolicy(p -> p.owner(owner).grants(
                Grant.builder().grantee(g -> g.type(Type.CANONICAL_USER).id(owner.id())).permission(Permission.FULL_CONTROL).build(),
                Grant.builder().grantee(logDelivery).permission(Permission.WRITE).build(),
                Grant.builder().grantee(logDelivery).permission(Permission.READ_ACP).build())));
        assertNull(logging(), "precondition: no access logging");

        Lambda.invoke(SampleEvents.read(POLICY, "logging-disabled")).statusCode(200)
                .body("decisions[0].actions.action", equalTo(List.of("s3.enable-access-logging")))
                .body("decisions[0].actions.outcome", equalTo(List.of("applied")));

        LoggingEnabled logging = logging();
        assertNotNull(logging, "access logging is on again");
        assertEquals(LOGS, logging.targetBucket());
        assertEquals("s3-access-logs/" + DATA + "/", logging.targetPrefix());
        assertEquals("server access logging of bucket " + DATA + " turned off", onlyAlert().path("summary").asText());
    }

    @Test
    void theLogBucketItselfIsOnlyAlertedNeverSetToLogIntoItself() throws Exception {
        s3.createBucket(b -> b.bucket(LOGS));

        Lambda.invoke(SampleEvents.read(POLICY, "logging-disabled-on-the-log-bucket")).statusCode(200)
                .body("decisions[0].matched", equalTo(true))
                .body("decisions[0].actions", equalTo(List.of()));

        assertNull(s3.getBucketLogging(b -> b.bucket(LOGS)).loggingEnabled());
        assertEquals("AWS::S3::Bucket " + LOGS, onlyAlert().path("resource").asText());
    }

    @Test
    void enabledVersioningIsNotTouched() {
        s3.createBucket(b -> b.bucket(BACKUPS));

        Lambda.invoke(SampleEvents.read(POLICY, "versioning-enabled")).statusCode(200).body("decisions[0].matched", equalTo(false));

        assertNull(s3.getBucketVersioning(b -> b.bucket(BACKUPS)).status(), "never versioned, still never versioned");
        assertTrue(alerts.messages().isEmpty());
    }

    private BucketVersioningStatus versioning() {
        return s3.getBucketVersioning(b -> b.bucket(BACKUPS)).status();
    }

    private LoggingEnabled logging() {
        return s3.getBucketLogging(b -> b.bucket(DATA)).loggingEnabled();
    }

    /** The live default encryption's algorithm, or null when the bucket has none. */
    private String encryption() {
        try {
            return s3.getBucketEncryption(b -> b.bucket(DATA)).serverSideEncryptionConfiguration().rules().get(0)
                    .applyServerSideEncryptionByDefault().sseAlgorithmAsString();
        } catch (S3Exception e) {
            if ("ServerSideEncryptionConfigurationNotFoundError".equals(e.awsErrorDetails().errorCode())) {
                return null;
            }
            throw e;
        }
    }

    private JsonNode onlyAlert() throws Exception {
        List<String> messages = alerts.messages();
        assertEquals(1, messages.size(), "one alert: " + messages);
        return mapper.readTree(messages.get(0));
    }
}
