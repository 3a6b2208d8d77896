package io.trailguard.policies;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.trailguard.AlertInbox;
import io.trailguard.Lambda;
import io.trailguard.MotoServer;
import io.trailguard.SampleEvents;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.VpcPeeringConnectionStateReasonCode;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * The declarative rule vpc-peering-foreign-account end to end (enforce in the test profile): a peering connection in
 * moto, the event naming it, its state after. moto peers within one account here; the decision is the event's, the
 * executor only re-reads and deletes the live connection.
 */
@QuarkusTest
class VpcPeeringForeignAccountRemediationTest {

    static final String RULE = "vpc-peering-foreign-account";
    static final String DECISION = "decisions.find { it.policy == '" + RULE + "' }.";
    static final String SAMPLE_CONNECTION = "pcx-0123456789abcdef0";

    @Inject
    Ec2Client ec2;
    @Inject
    SnsClient sns;

    AlertInbox alerts;
    String connection;

    @BeforeEach
    void freshAccount() {
        MotoServer.reset();
        String ours = ec2.createVpc(b -> b.cidrBlock("10.0.0.0/16")).vpc().vpcId();
        String peer = ec2.createVpc(b -> b.cidrBlock("172.31.0.0/16")).vpc().vpcId();
        connection = ec2.createVpcPeeringConnection(b -> b.vpcId(ours).peerVpcId(peer)).vpcPeeringConnection().vpcPeeringConnectionId();
        alerts = AlertInbox.create(sns);
    }

    @AfterEach
    void close() {
        alerts.close();
    }

    @Test
    void theRequestedPeeringIsDeletedAndAlerted() {
        String event = SampleEvents.read(RULE, "create-peering-with-foreign-account").replace(SAMPLE_CONNECTION, connection);

        Lambda.invoke(event).statusCode(200)
                .body(DECISION + "actions.action", equalTo(List.of("ec2.delete-vpc-peering-connection")))
                .body(DECISION + "actions.outcome", equalTo(List.of("applied")));

        assertEquals(VpcPeeringConnectionStateReasonCode.DELETED, state());
        assertEquals(1, alerts.messages().size(), "one alert");
        // a redelivered event finds nothing left to undo
        Lambda.invoke(event).statusCode(200).body(DECISION + "actions.outcome", equalTo(List.of("already-compliant")));
    }

    @Test
    void aConnectionAlreadyRejectedIsLeftAlone() {
        ec2.rejectVpcPeeringConnection(b -> b.vpcPeeringConnectionId(connection));

        Lambda.invoke(SampleEvents.read(RULE, "create-peering-with-foreign-account").replace(SAMPLE_CONNECTION, connection)).statusCode(200)
                .body(DECISION + "actions.outcome", equalTo(List.of("already-compliant")));

        assertEquals(VpcPeeringConnectionStateReasonCode.REJECTED, state());
    }

    private VpcPeeringConnectionStateReasonCode state() {
        return ec2.describeVpcPeeringConnections(b -> b.vpcPeeringConnectionIds(connection)).vpcPeeringConnections().get(0).status().code();
    }
}
