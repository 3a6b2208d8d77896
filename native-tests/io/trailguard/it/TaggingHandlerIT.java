package io.trailguard.it;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;
import io.trailguard.AlertInbox;
import io.trailguard.Lambda;
import io.trailguard.MotoServer;
import io.trailguard.SampleEvents;
import io.trailguard.policy.HandlerNames;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Tag;
import software.amazon.awssdk.services.sns.SnsClient;

/** The packaged function as the {@code tagging} handler: a new bucket gets its creator and time tags, its own tags kept. */
@ForFunction(HandlerNames.TAGGING)
@QuarkusIntegrationTest
@TestProfile(TaggingHandlerIT.Profile.class)
class TaggingHandlerIT {

    public static class Profile extends HandlerProfile {
        @Override
        protected String handler() {
            return HandlerNames.TAGGING;
        }
    }

    static final String POLICY = "auto-tag";
    /** CreateBucket reaches naming-standard too: pick this policy's decision by name. */
    static final String DECISION = "decisions.find { it.policy == '" + POLICY + "' }.";
    // the bucket, creator and time in events/auto-tag/create-bucket
    static final String BUCKET = "orders-archive";
    static final String CREATOR = "arn:aws:sts::123456789012:assumed-role/ci-deployer/ci-run-4711";
    static final String CREATED_AT = "2026-11-20T10:15:29Z";
    final S3Client s3 = MotoClients.s3();
    final SnsClient sns = MotoClients.sns();
    AlertInbox alerts;

    @BeforeEach
    void freshAccount() {
        MotoServer.reset();
        alerts = AlertInbox.create(sns);
    }

    @AfterEach
    void close() {
        alerts.close();
        s3.close();
        sns.close();
    }

    @Test
    void createdBucketIsTaggedAndKeepsItsOwnTags() {
        s3.createBucket(b -> b.bucket(BUCKET));
        s3.putBucketTagging(b -> b.bucket(BUCKET).tagging(t -> t.tagSet(
                Tag.builder().key("team").value("payments").build(), Tag.builder().key("cost-centre").value("42").build())));

        Lambda.invoke(SampleEvents.read(POLICY, "create-bucket")).statusCode(200)
                .body("status", equalTo("decided"))
                .body(DECISION + "actions.action", equalTo(List.of("s3.tag-bucket")))
                .body(DECISION + "actions.outcome", equalTo(List.of("applied")));

        Map<String, String> tags = s3.getBucketTagging(b -> b.bucket(BUCKET)).tagSet().stream()
                .collect(Collectors.toMap(Tag::key, Tag::value));
        assertEquals(Map.of("trailguard:created-by", CREATOR, "trailguard:created-at", CREATED_AT,
                "team", "payments", "cost-centre", "42"), tags, "creator and time added, the bucket's own tags kept");
        assertTrue(alerts.messages().isEmpty(), "auto-tag does not alert");
    }
}
