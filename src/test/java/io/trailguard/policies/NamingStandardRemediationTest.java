package io.trailguard.policies;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

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
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Tag;
import software.amazon.awssdk.services.sns.SnsClient;

/** naming-standard end to end: a badly named resource in moto is tagged non-compliant (never renamed), its own tags kept, and alerted. */
@QuarkusTest
class NamingStandardRemediationTest {

    static final String POLICY = "naming-standard";
    static final String DECISION = "decisions.find { it.policy == '" + POLICY + "' }.";

    @Inject
    S3Client s3;
    @Inject
    IamClient iam;
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
    void badlyNamedBucketIsTaggedAndKeepsItsTags() throws Exception {
        s3.createBucket(b -> b.bucket("orders.archive.v2"));
        s3.putBucketTagging(b -> b.bucket("orders.archive.v2").tagging(t -> t.tagSet(Tag.builder().key("team").value("payments").build())));

        Lambda.invoke(SampleEvents.read(POLICY, "create-bucket-with-dots")).statusCode(200)
                .body(DECISION + "actions.action", equalTo(List.of("s3.tag-bucket")))
                .body(DECISION + "actions.outcome", equalTo(List.of("applied")));

        Map<String, String> tags = s3.getBucketTagging(b -> b.bucket("orders.archive.v2")).tagSet().stream()
                .filter(t -> !t.key().startsWith("trailguard:created-")) // auto-tag runs on the same event
                .collect(Collectors.toMap(Tag::key, Tag::value));
        assertEquals(Map.of("team", "payments", "trailguard:non-compliant-name", "true"), tags);
        assertLowAlert();
    }

    @Test
    void badlyNamedRoleIsTaggedNotRenamed() throws Exception {
        iam.createRole(b -> b.roleName("app_task_role").assumeRolePolicyDocument("""
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"}, "Action": "sts:AssumeRole"}]}"""));

        Lambda.invoke(SampleEvents.read(POLICY, "create-role-snake-case")).statusCode(200)
                .body(DECISION + "actions.outcome", equalTo(List.of("applied")));

        assertEquals(Map.of("trailguard:non-compliant-name", "true"), iam.listRoleTags(b -> b.roleName("app_task_role")).tags().stream()
                .collect(Collectors.toMap(software.amazon.awssdk.services.iam.model.Tag::key, software.amazon.awssdk.services.iam.model.Tag::value)));
        assertLowAlert();
    }

    @Test
    void wellNamedBucketIsLeftAlone() {
        s3.createBucket(b -> b.bucket("orders-archive"));

        Lambda.invoke(SampleEvents.read(POLICY, "create-bucket-kebab-case")).statusCode(200)
                .body(DECISION + "matched", equalTo(false));

        assertTrue(alerts.messages().isEmpty());
    }

    private void assertLowAlert() throws Exception {
        List<String> messages = alerts.messages();
        assertEquals(1, messages.size(), "one alert (auto-tag's INFO is not alerted)");
        JsonNode alert = mapper.readTree(messages.get(0));
        assertEquals(POLICY, alert.path("policy").asText());
        assertEquals("LOW", alert.path("severity").asText());
    }
}
