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
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.SecurityGroupRule;
import software.amazon.awssdk.services.sns.SnsClient;

/** network-egress-open end to end: a security group's egress rules in moto, the AuthorizeSecurityGroupEgress event, the rules after. */
@QuarkusTest
class NetworkEgressOpenRemediationTest {

    static final String POLICY = "network-egress-open";
    static final String SAMPLE_GROUP = "sg-0a1b2c3d4e5f60718";

    @Inject
    Ec2Client ec2;
    @Inject
    SnsClient sns;

    AlertInbox alerts;
    String group;
    /** The all-traffic-to-0.0.0.0/0 egress rule every new group gets. */
    String allTraffic;

    @BeforeEach
    void freshAccount() {
        MotoServer.reset();
        String vpc = ec2.describeVpcs().vpcs().get(0).vpcId();
        group = ec2.createSecurityGroup(b -> b.groupName("batch").description("batch workers").vpcId(vpc)).groupId();
        allTraffic = egressRuleIds().iterator().next();
        alerts = AlertInbox.create(sns);
    }

    @AfterEach
    void close() {
        alerts.close();
    }

    @Test
    void theAllTrafficRuleIsRevokedByItsIdAndHttpsStays() {
        String https = authorize("tcp", 443, 443, "0.0.0.0/0", false);
        String event = SampleEvents.read(POLICY, "authorize-egress-all-traffic-to-anywhere").replace(SAMPLE_GROUP, group)
                .replace("sgr-0e1f2a3b4c5d6e7f8", allTraffic);

        Lambda.invoke(event).statusCode(200)
                .body("decisions[0].policy", equalTo(POLICY))
                .body("decisions[0].actions.action", equalTo(List.of("ec2.revoke-security-group-egress")))
                .body("decisions[0].actions.outcome", equalTo(List.of("applied")));

        assertEquals(Set.of(https), egressRuleIds());
        assertEquals(1, alerts.messages().size(), "one alert");
        Lambda.invoke(event).statusCode(200).body("decisions[0].actions.outcome", equalTo(List.of("already-compliant")));
    }

    @Test
    void withoutRuleIdsOnlyTheExactPermissionIsRevoked() {
        String everyTcpPortIpv6 = authorize("tcp", 0, 65535, "::/0", true);

        Lambda.invoke(SampleEvents.read(POLICY, "authorize-egress-every-tcp-port-ipv6-no-rule-set").replace(SAMPLE_GROUP, group))
                .statusCode(200)
                .body("decisions[0].actions.outcome", equalTo(List.of("applied")));

        Set<String> left = egressRuleIds();
        assertEquals(Set.of(allTraffic), left, "the IPv6 rule " + everyTcpPortIpv6 + " is revoked, the IPv4 all-traffic rule is another permission");
    }

    @Test
    void aSlashZeroWrittenFromAnAddressIsRevokedByItsRuleId() {
        Lambda.invoke(SampleEvents.read(POLICY, "authorize-egress-legacy-slash-zero-from-an-address").replace(SAMPLE_GROUP, group)
                .replace("sgr-0a9b8c7d6e5f4a3b2", allTraffic)).statusCode(200)
                .body("decisions[0].actions.outcome", equalTo(List.of("applied")));

        assertEquals(Set.of(), egressRuleIds());
    }

    @Test
    void ingressRulesAreNeverTouched() {
        String ingress = ec2.authorizeSecurityGroupIngress(b -> b.groupId(group).ipPermissions(IpPermission.builder().ipProtocol("-1")
                .ipRanges(r -> r.cidrIp("0.0.0.0/0")).build())).securityGroupRules().get(0).securityGroupRuleId();

        // the event names the ingress rule's id as if it were egress: the revoke only acts on live egress rules
        Lambda.invoke(SampleEvents.read(POLICY, "authorize-egress-all-traffic-to-anywhere").replace(SAMPLE_GROUP, group)
                .replace("sgr-0e1f2a3b4c5d6e7f8", ingress)).statusCode(200)
                .body("decisions[0].actions.outcome", equalTo(List.of("already-compliant")));

        assertEquals(Set.of(allTraffic), egressRuleIds());
    }

    private String authorize(String protocol, int from, int to, String cidr, boolean ipv6) {
        IpPermission.Builder permission = IpPermission.builder().ipProtocol(protocol).fromPort(from).toPort(to);
        if (ipv6) {
            permission.ipv6Ranges(r -> r.cidrIpv6(cidr));
        } else {
            permission.ipRanges(r -> r.cidrIp(cidr));
        }
        return ec2.authorizeSecurityGroupEgress(b -> b.groupId(group).ipPermissions(permission.build()))
                .securityGroupRules().get(0).securityGroupRuleId();
    }

    private Set<String> egressRuleIds() {
        return ec2.describeSecurityGroupRules(b -> b.filters(Filter.builder().name("group-id").values(group).build()))
                .securityGroupRules().stream().filter(SecurityGroupRule::isEgress).map(SecurityGroupRule::securityGroupRuleId)
                .collect(Collectors.toSet());
    }
}
