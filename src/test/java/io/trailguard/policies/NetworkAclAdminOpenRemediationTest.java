package io.trailguard.policies;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

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
import software.amazon.awssdk.services.ec2.model.NetworkAclEntry;
import software.amazon.awssdk.services.ec2.model.RuleAction;
import software.amazon.awssdk.services.sns.SnsClient;

/** network-acl-admin-open end to end (enforce opted into in the test profile): a network ACL in moto, the entry event, the entries after. */
@QuarkusTest
class NetworkAclAdminOpenRemediationTest {

    static final String POLICY = "network-acl-admin-open";
    static final String DECISION = "decisions.find { it.policy == '" + POLICY + "' }.";
    static final String SAMPLE_ACL = "acl-0c1d2e3f4a5b6c7d8";

    @Inject
    Ec2Client ec2;
    @Inject
    SnsClient sns;

    AlertInbox alerts;
    String acl;

    @BeforeEach
    void freshAccount() {
        MotoServer.reset();
        String vpc = ec2.describeVpcs().vpcs().get(0).vpcId();
        acl = ec2.createNetworkAcl(b -> b.vpcId(vpc)).networkAcl().networkAclId();
        entry(200, "6", 443, "0.0.0.0/0", RuleAction.ALLOW);
        alerts = AlertInbox.create(sns);
    }

    @AfterEach
    void close() {
        alerts.close();
    }

    @Test
    void theSshEntryIsDeletedAndHttpsStays() {
        entry(100, "6", 22, "0.0.0.0/0", RuleAction.ALLOW);
        String event = SampleEvents.read(POLICY, "create-entry-ssh-from-anywhere").replace(SAMPLE_ACL, acl);

        Lambda.invoke(event).statusCode(200)
                .body(DECISION + "actions.action", equalTo(List.of("ec2.delete-network-acl-entry")))
                .body(DECISION + "actions.outcome", equalTo(List.of("applied")));

        assertEquals(Set.of(200), inboundRuleNumbers());
        assertEquals(1, alerts.messages().size(), "one alert");
        Lambda.invoke(event).statusCode(200).body(DECISION + "actions.outcome", equalTo(List.of("already-compliant")));
    }

    @Test
    void anEntryNarrowedSinceIsLeftAlone() {
        // rule 100 now allows SSH from the office only: not what the event opened
        entry(100, "6", 22, "198.51.100.0/24", RuleAction.ALLOW);

        Lambda.invoke(SampleEvents.read(POLICY, "create-entry-ssh-from-anywhere").replace(SAMPLE_ACL, acl)).statusCode(200)
                .body(DECISION + "actions.outcome", equalTo(List.of("already-compliant")));

        assertEquals(Set.of(100, 200), inboundRuleNumbers());
    }

    @Test
    void aSlashZeroFromAnAddressMatchesTheCanonicalLiveEntry() {
        entry(130, "17", 3389, "0.0.0.0/0", RuleAction.ALLOW);

        Lambda.invoke(SampleEvents.read(POLICY, "create-entry-rdp-udp-slash-zero-from-an-address").replace(SAMPLE_ACL, acl)).statusCode(200)
                .body(DECISION + "actions.outcome", equalTo(List.of("applied")));

        assertEquals(Set.of(200), inboundRuleNumbers());
    }

    private void entry(int number, String protocol, int port, String cidr, RuleAction action) {
        ec2.createNetworkAclEntry(b -> b.networkAclId(acl).ruleNumber(number).egress(false).ruleAction(action).protocol(protocol)
                .portRange(r -> r.from(port).to(port)).cidrBlock(cidr));
    }

    /** The inbound entries but the default deny-all (32767), which no call can delete. */
    private Set<Integer> inboundRuleNumbers() {
        return ec2.describeNetworkAcls(b -> b.networkAclIds(acl)).networkAcls().get(0).entries().stream()
                .filter(e -> !e.egress()).map(NetworkAclEntry::ruleNumber).filter(n -> n != 32767).collect(Collectors.toSet());
    }
}
