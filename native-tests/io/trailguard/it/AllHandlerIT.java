package io.trailguard.it;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;
import io.trailguard.AlertInbox;
import io.trailguard.Lambda;
import io.trailguard.MotoServer;
import io.trailguard.SampleEvents;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Grant;
import software.amazon.awssdk.services.s3.model.Permission;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.Type;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * The packaged function as the {@code all} handler: a remediation end to end, every kind of bad input (each
 * rejected while the runtime loop keeps serving), and an event no policy matches.
 */
@QuarkusIntegrationTest
@TestProfile(AllHandlerIT.Profile.class)
class AllHandlerIT {

    public static class Profile extends HandlerProfile {
        @Override
        protected String handler() {
            return "all";
        }
    }

    static final String BUCKET = "tg-demo-data";
    final ObjectMapper mapper = new ObjectMapper();
    final S3Client s3 = MotoClients.s3();
    final SnsClient sns = MotoClients.sns();
    AlertInbox alerts;

    @BeforeEach
    void freshAccount() {
        MotoServer.reset();
        s3.createBucket(b -> b.bucket(BUCKET));
        alerts = AlertInbox.create(sns);
    }

    @AfterEach
    void close() {
        alerts.close();
        s3.close();
        sns.close();
    }

    @Test
    void publicAclIsMadePrivateBlockedAndAlerted() throws Exception {
        var acl = s3.getBucketAcl(b -> b.bucket(BUCKET));
        s3.putBucketAcl(b -> b.bucket(BUCKET).accessControlPolicy(p -> p.owner(acl.owner()).grants(acl.grants().get(0),
                Grant.builder().grantee(g -> g.type(Type.GROUP).uri("http://acs.amazonaws.com/groups/global/AllUsers"))
                        .permission(Permission.READ).build())));

        Lambda.invoke(SampleEvents.read("s3-public-bucket", "put-bucket-acl-canned-public-read")).statusCode(200)
                .body("status", equalTo("decided"))
                .body("decisions[0].policy", equalTo("s3-public-bucket"))
                .body("decisions[0].actions.outcome", equalTo(List.of("applied", "applied")));

        assertFalse(s3.getBucketAcl(b -> b.bucket(BUCKET)).grants().stream()
                .anyMatch(g -> g.grantee().uri() != null && g.grantee().uri().endsWith("/AllUsers")), "the public grant is gone");
        assertTrue(s3.getPublicAccessBlock(b -> b.bucket(BUCKET)).publicAccessBlockConfiguration().blockPublicAcls());
        List<String> messages = alerts.messages();
        assertEquals(1, messages.size(), "one alert");
        JsonNode alert = mapper.readTree(messages.get(0));
        assertEquals("s3-public-bucket", alert.path("policy").asText());
        assertEquals("arn:aws:iam::123456789012:user/alice", alert.path("who").asText());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            malformed JSON         | {"detail-type": "AWS API Call via CloudTrail", "detail": {   | malformed JSON
            empty object           | {}                                                           | missing 'detail-type'
            JSON array             | [1, 2, 3]                                                    | not a JSON object
            JSON string            | "PutBucketAcl"                                               | not a JSON object
            wrong detail-type      | {"detail-type": "EC2 Instance State-change Notification", "source": "aws.ec2", "detail": {}} | unsupported detail-type
            missing detail         | {"detail-type": "AWS API Call via CloudTrail", "source": "aws.s3"} | missing or non-object 'detail'
            eventName of wrong type| {"detail-type": "AWS API Call via CloudTrail", "source": "aws.s3", "detail": {"eventSource": "s3.amazonaws.com", "eventName": 42}} | 'eventName' is not a non-empty string
            readOnly of wrong type | {"detail-type": "AWS API Call via CloudTrail", "source": "aws.s3", "detail": {"eventSource": "s3.amazonaws.com", "eventName": "PutBucketAcl", "readOnly": {"x": 1}}} | wrong field type
            """)
    void badInputIsRejectedAndTheRuntimeKeepsServing(String name, String body, String reason) {
        Lambda.invoke(body).statusCode(200)
                .body("status", equalTo("rejected"))
                .body("reason", containsString(reason));
        assertThrows(S3Exception.class, () -> s3.getPublicAccessBlock(b -> b.bucket(BUCKET)), "no remediation ran");

        Lambda.invoke(SampleEvents.read("s3-public-bucket", "delete-bucket-public-access-block")).statusCode(200)
                .body("status", equalTo("decided"))
                .body("decisions[0].actions[0].outcome", equalTo("applied"));
    }

    @Test
    void failedCallIsNeverActedOn() {
        Lambda.invoke(SampleEvents.read("s3-public-bucket", "failed-call-access-denied")).statusCode(200);

        assertThrows(S3Exception.class, () -> s3.getPublicAccessBlock(b -> b.bucket(BUCKET)), "no remediation ran");
        assertTrue(alerts.messages().isEmpty());
    }

    @Test
    void readOnlyCallMatchesNoPolicy() {
        Lambda.invoke(SampleEvents.read("s3-public-bucket", "get-bucket-acl-read-only")).statusCode(200)
                .body("status", equalTo("unmatched"));
    }

    // SQS batch (an SQS event of EventBridge events, partial batch failures): support is being added on another
    // branch; its end-to-end case belongs here once the handler accepts SQS events (see README "Native tests").
}
