package io.trailguard.policies;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.trailguard.AlertInbox;
import io.trailguard.Lambda;
import io.trailguard.MotoServer;
import io.trailguard.SampleEvents;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.sns.SnsClient;

/** ebs-encryption-default-disabled end to end: the region's EBS encryption-by-default setting in moto. */
@QuarkusTest
class EbsEncryptionDefaultRemediationTest {

    static final String POLICY = "ebs-encryption-default-disabled";

    @Inject
    Ec2Client ec2;
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
    void disabledEncryptionByDefaultIsEnabledAgainAndASecondDeliveryChangesNothing() throws Exception {
        ec2.disableEbsEncryptionByDefault(b -> { });
        assertFalse(encryptedByDefault(), "precondition: encryption by default off");
        String event = SampleEvents.read(POLICY, "disable-ebs-encryption-by-default");

        Lambda.invoke(event).statusCode(200).body("decisions[0].policy", equalTo(POLICY))
                .body("decisions[0].actions.action", equalTo(List.of("ec2.enable-ebs-encryption-by-default")))
                .body("decisions[0].actions.outcome", equalTo(List.of("applied")));

        assertTrue(encryptedByDefault());
        List<String> messages = alerts.messages();
        assertEquals(1, messages.size(), "one alert: " + messages);
        assertEquals("AWS::EC2::EBSEncryptionByDefault 123456789012/us-east-1", mapper.readTree(messages.get(0)).path("resource").asText());

        Lambda.invoke(event).statusCode(200).body("decisions[0].actions.outcome", equalTo(List.of("already-compliant")));
        assertTrue(encryptedByDefault());
    }

    @Test
    void anotherRegionsSettingIsNotChangedFromThisOne() {
        ec2.disableEbsEncryptionByDefault(b -> { });

        int status = Lambda.invoke(SampleEvents.read(POLICY, "disable-in-eu-west-1")).extract().statusCode();

        // the action fails (the invocation with it) rather than turn on the function's own region's setting
        assertNotEquals(200, status);
        assertFalse(encryptedByDefault(), "us-east-1's setting is not eu-west-1's to restore");
    }

    private boolean encryptedByDefault() {
        return ec2.getEbsEncryptionByDefault(b -> { }).ebsEncryptionByDefault();
    }
}
