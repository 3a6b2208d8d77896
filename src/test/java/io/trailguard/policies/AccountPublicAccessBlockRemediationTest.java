package io.trailguard.policies;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import software.amazon.awssdk.services.s3control.S3ControlClient;
import software.amazon.awssdk.services.s3control.model.PublicAccessBlockConfiguration;
import software.amazon.awssdk.services.s3control.model.S3ControlException;
import software.amazon.awssdk.services.sns.SnsClient;

/** s3-account-public-access-block-removed end to end: the account's public access block in moto (S3 Control). */
@QuarkusTest
class AccountPublicAccessBlockRemediationTest {

    static final String POLICY = "s3-account-public-access-block-removed";
    static final String ACCOUNT = "123456789012";

    @Inject
    S3ControlClient s3Control;
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
    void deletedAccountBlockIsPutBackWholeAndASecondDeliveryChangesNothing() throws Exception {
        assertFalse(hasBlock(), "precondition: the account has no public access block");
        String event = SampleEvents.read(POLICY, "delete-account-public-access-block");

        Lambda.invoke(event).statusCode(200).body("decisions[0].policy", equalTo(POLICY))
                .body("decisions[0].actions.action", equalTo(List.of("s3.block-account-public-access")))
                .body("decisions[0].actions.outcome", equalTo(List.of("applied")));

        assertFullBlock();
        JsonNode alert = onlyAlert();
        assertEquals("HIGH", alert.path("severity").asText());
        assertEquals("AWS::S3::AccountPublicAccessBlock " + ACCOUNT, alert.path("resource").asText());

        Lambda.invoke(event).statusCode(200).body("decisions[0].actions.outcome", equalTo(List.of("already-compliant")));
        assertFullBlock();
    }

    @Test
    void weakenedAccountBlockIsTurnedFullyOnAgain() {
        s3Control.putPublicAccessBlock(b -> b.accountId(ACCOUNT).publicAccessBlockConfiguration(c -> c
                .blockPublicAcls(true).ignorePublicAcls(true).blockPublicPolicy(false).restrictPublicBuckets(false)));

        Lambda.invoke(SampleEvents.read(POLICY, "put-account-block-weakened")).statusCode(200)
                .body("decisions[0].actions.outcome", equalTo(List.of("applied")));

        assertFullBlock();
    }

    @Test
    void aFullBlockPutIsNotTouchedNorAlerted() {
        Lambda.invoke(SampleEvents.read(POLICY, "put-account-block-all-on")).statusCode(200)
                .body("decisions[0].matched", equalTo(false));

        assertFalse(hasBlock(), "nothing was put");
        assertTrue(alerts.messages().isEmpty());
    }

    private boolean hasBlock() {
        try {
            s3Control.getPublicAccessBlock(b -> b.accountId(ACCOUNT));
            return true;
        } catch (S3ControlException e) {
            assertEquals("NoSuchPublicAccessBlockConfiguration", e.awsErrorDetails().errorCode());
            return false;
        }
    }

    private void assertFullBlock() {
        PublicAccessBlockConfiguration block = s3Control.getPublicAccessBlock(b -> b.accountId(ACCOUNT)).publicAccessBlockConfiguration();
        assertEquals(List.of(true, true, true, true), List.of(block.blockPublicAcls(), block.ignorePublicAcls(),
                block.blockPublicPolicy(), block.restrictPublicBuckets()), block.toString());
    }

    private JsonNode onlyAlert() throws Exception {
        List<String> messages = alerts.messages();
        assertEquals(1, messages.size(), "one alert: " + messages);
        return mapper.readTree(messages.get(0));
    }
}
