package io.trailguard.it;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;
import io.trailguard.AlertInbox;
import io.trailguard.Lambda;
import io.trailguard.MotoServer;
import io.trailguard.SampleEvents;
import io.trailguard.policy.HandlerNames;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.CreateVolumePermission;
import software.amazon.awssdk.services.ec2.model.OperationType;
import software.amazon.awssdk.services.ec2.model.SnapshotAttributeName;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The packaged function as the {@code sharing} handler: a snapshot shared with everyone is public no more, account
 * shares stay; a queue policy's public statement is removed by the function's signed SQS calls, the owner's kept.
 */
@ForFunction(HandlerNames.SHARING)
@QuarkusIntegrationTest
@TestProfile(SharingHandlerIT.Profile.class)
class SharingHandlerIT {

    public static class Profile extends HandlerProfile {
        @Override
        protected String handler() {
            return HandlerNames.SHARING;
        }
    }

    static final String POLICY = "resource-shared-publicly";
    // the snapshot id in events/resource-shared-publicly/modify-snapshot-attribute-public, replaced by moto's
    static final String SAMPLE_SNAPSHOT = "snap-0a1b2c3d4e5f60718";
    static final String TRUSTED = "210987654321";
    final ObjectMapper mapper = new ObjectMapper();
    final Ec2Client ec2 = MotoClients.ec2();
    final SnsClient sns = MotoClients.sns();
    final SqsClient sqs = MotoClients.sqs();
    AlertInbox alerts;

    @BeforeEach
    void freshAccount() {
        MotoServer.reset();
        alerts = AlertInbox.create(sns);
    }

    @AfterEach
    void close() {
        alerts.close();
        ec2.close();
        sns.close();
        sqs.close();
    }

    @Test
    void snapshotSharedWithAllIsNoLongerPublic() throws Exception {
        String volume = ec2.createVolume(b -> b.size(1).availabilityZone("us-east-1a")).volumeId();
        String snapshot = ec2.createSnapshot(b -> b.volumeId(volume)).snapshotId();
        ec2.modifySnapshotAttribute(b -> b.snapshotId(snapshot).attribute(SnapshotAttributeName.CREATE_VOLUME_PERMISSION)
                .operationType(OperationType.ADD).groupNames("all").userIds(TRUSTED));
        assertEquals(List.of("group all", "user " + TRUSTED), shares(snapshot), "precondition: the snapshot is public");

        Lambda.invoke(SampleEvents.read(POLICY, "modify-snapshot-attribute-public").replace(SAMPLE_SNAPSHOT, snapshot)).statusCode(200)
                .body("status", equalTo("decided"))
                .body("decisions[0].policy", equalTo(POLICY))
                .body("decisions[0].actions.action", equalTo(List.of("ec2.remove-snapshot-share")))
                .body("decisions[0].actions.outcome", equalTo(List.of("applied")));

        assertEquals(List.of("user " + TRUSTED), shares(snapshot), "only the public share is removed");
        List<String> messages = alerts.messages();
        assertEquals(1, messages.size(), "one alert: " + messages);
        assertEquals("HIGH", mapper.readTree(messages.get(0)).path("severity").asText());
    }

    @Test
    void publicQueueStatementIsRemovedAndTheOwnersKept() throws Exception {
        // the queue in events/resource-policy-public/sqs-set-queue-attributes-public
        String queueUrl = sqs.createQueue(b -> b.queueName("orders-events")).queueUrl();
        String arn = "arn:aws:sqs:us-east-1:" + MotoServer.ACCOUNT + ":orders-events";
        String policy = "{\"Version\":\"2012-10-17\",\"Statement\":["
                + "{\"Sid\":\"OwnAccount\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::" + MotoServer.ACCOUNT + ":root\"},\"Action\":\"sqs:*\",\"Resource\":\"" + arn + "\"},"
                + "{\"Sid\":\"AnyoneSend\",\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"sqs:SendMessage\",\"Resource\":\"" + arn + "\"}]}";
        sqs.setQueueAttributes(b -> b.queueUrl(queueUrl).attributes(Map.of(QueueAttributeName.POLICY, policy)));

        Lambda.invoke(SampleEvents.read("resource-policy-public", "sqs-set-queue-attributes-public")).statusCode(200)
                .body("status", equalTo("decided"))
                .body("decisions[0].actions.action", equalTo(List.of("sqs.remove-public-policy-statements")))
                .body("decisions[0].actions.outcome", equalTo(List.of("applied")));

        var left = mapper.readTree(sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.POLICY))
                .attributes().get(QueueAttributeName.POLICY)).path("Statement");
        assertEquals(1, left.size(), "one statement left: " + left);
        assertEquals("OwnAccount", left.get(0).path("Sid").asText());
        assertEquals(1, alerts.messages().size(), "one alert");
    }

    private List<String> shares(String snapshot) {
        return ec2.describeSnapshotAttribute(b -> b.snapshotId(snapshot).attribute(SnapshotAttributeName.CREATE_VOLUME_PERMISSION))
                .createVolumePermissions().stream().map(SharingHandlerIT::share).sorted().toList();
    }

    private static String share(CreateVolumePermission p) {
        return p.group() != null ? "group " + p.groupAsString() : "user " + p.userId();
    }
}
