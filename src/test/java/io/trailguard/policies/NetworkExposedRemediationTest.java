package io.trailguard.policies;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
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
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.SecurityGroupRule;
import software.amazon.awssdk.services.sns.SnsClient;

/** network-exposed end to end: security group rules in moto, the event through the Lambda event server, the rules after. */
@QuarkusTest
class NetworkExposedRemediationTest {

    static final String POLICY = "network-exposed";
    /** The ids in the sample events, replaced by the live ones moto hands out. */
    static final String SAMPLE_GROUP = "sg-0a1b2c3d4e5f60718";
    static final String SAMPLE_HTTPS_RULE = "sgr-01a2b3c4d5e6f7a80";
    static final String SAMPLE_SSH_WORLD_RULE = "sgr-0f1e2d3c4b5a69788";
    static final String SAMPLE_SSH_PRIVATE_RULE = "sgr-02b3c4d5e6f7a8b91";

    @Inject
    Ec2Client ec2;
    @Inject
    SnsClient sns;
    @Inject
    ObjectMapper mapper;

    AlertInbox alerts;
    String group;

    @BeforeEach
    void freshAccount() {
        MotoServer.reset();
        String vpc = ec2.describeVpcs().vpcs().get(0).vpcId();
        group = ec2.createSecurityGroup(b -> b.groupName("web").description("web tier").vpcId(vpc)).groupId();
        alerts = AlertInbox.create(sns);
    }

    @AfterEach
    void close() {
        alerts.close();
    }

    @Test
    void onlyTheWorldOpenSshRuleIsRevokedHttpsAndPrivateSshStay() throws Exception {
        String https = authorize("tcp", 443, "0.0.0.0/0", false);
        String sshWorld = authorize("tcp", 22, "0.0.0.0/0", false);
        String sshPrivate = authorize("tcp", 22, "10.0.0.0/8", false);
        String event = SampleEvents.read(POLICY, "authorize-https-and-ssh-world-and-ssh-private").replace(SAMPLE_GROUP, group)
                .replace(SAMPLE_HTTPS_RULE, https).replace(SAMPLE_SSH_WORLD_RULE, sshWorld).replace(SAMPLE_SSH_PRIVATE_RULE, sshPrivate);

        Lambda.invoke(event).statusCode(200)
                .body("decisions[0].policy", equalTo(POLICY))
                .body("decisions[0].actions.action", equalTo(List.of("ec2.revoke-security-group-ingress")))
                .body("decisions[0].actions.outcome", equalTo(List.of("applied")));

        assertEquals(Set.of(https, sshPrivate), ingressRuleIds(), "only the world-open SSH rule is revoked");
        assertAlert("HIGH", group);
        Lambda.invoke(event).statusCode(200).body("decisions[0].actions.outcome", equalTo(List.of("already-compliant")));
    }

    @Test
    void withoutRuleIdsInTheEventTheExactPermissionIsRevoked() throws Exception {
        String https = authorize("tcp", 443, "0.0.0.0/0", false);
        authorize("-1", -1, "::/0", true);

        Lambda.invoke(SampleEvents.read(POLICY, "authorize-all-traffic-ipv6-no-rule-set").replace(SAMPLE_GROUP, group)).statusCode(200)
                .body("decisions[0].actions.outcome", equalTo(List.of("applied")));

        assertEquals(Set.of(https), ingressRuleIds());
        assertAlert("HIGH", group);
    }

    @Test
    void aRuleModifiedToTheWorldIsRevokedByItsId() throws Exception {
        String rdp = authorize("tcp", 3389, "0.0.0.0/0", false);
        String https = authorize("tcp", 443, "0.0.0.0/0", false);

        Lambda.invoke(SampleEvents.read(POLICY, "modify-security-group-rule-rdp-to-anywhere").replace(SAMPLE_GROUP, group)
                .replace("sgr-04d5e6f7a8b9c0d13", rdp)).statusCode(200)
                .body("decisions[0].actions.outcome", equalTo(List.of("applied")));

        assertEquals(Set.of(https), ingressRuleIds());
    }

    @Test
    void aNetworkAclEntryAllowingEverythingIsAlertedOnly() throws Exception {
        // network-acl-admin-open decides the same event (all traffic reaches the administrative ports too)
        String decision = "decisions.find { it.policy == '" + POLICY + "' }.";
        Lambda.invoke(SampleEvents.read(POLICY, "create-network-acl-entry-allow-all-inbound")).statusCode(200)
                .body(decision + "mode", equalTo("enforce"))
                .body(decision + "actions.size()", equalTo(0))
                .body(decision + "alert", equalTo("sns: sent"));

        List<JsonNode> ours = new java.util.ArrayList<>();
        for (String message : alerts.messages()) {
            JsonNode alert = mapper.readTree(message);
            if (POLICY.equals(alert.path("policy").asText())) {
                ours.add(alert);
            }
        }
        assertEquals(1, ours.size(), "one alert of " + POLICY);
        assertEquals("HIGH", ours.get(0).path("severity").asText());
        assertTrue(ours.get(0).path("resource").asText().endsWith("acl-0c1d2e3f4a5b6c7d8"), ours.get(0).toString());
    }

    @Test
    void aGroupTaggedExemptKeepsItsRule() {
        String sshWorld = authorize("tcp", 22, "0.0.0.0/0", false);
        ec2.createTags(b -> b.resources(group).tags(t -> t.key("trailguard:exempt").value("true")));

        Lambda.invoke(SampleEvents.read(POLICY, "authorize-ssh-from-anywhere").replace(SAMPLE_GROUP, group)
                .replace(SAMPLE_SSH_WORLD_RULE, sshWorld)).statusCode(200)
                .body("decisions[0].skipped", startsWith("exempt by tag"));

        assertEquals(Set.of(sshWorld), ingressRuleIds());
        assertTrue(alerts.messages().isEmpty(), "an exempt resource is not alerted");
    }

    @Test
    void replayedEventOnlyRecordsWhatItWouldDo() {
        String sshWorld = authorize("tcp", 22, "0.0.0.0/0", false);

        Lambda.invoke(SampleEvents.read(POLICY, "replayed-from-archive").replace(SAMPLE_GROUP, group)
                .replace(SAMPLE_SSH_WORLD_RULE, sshWorld)).statusCode(200)
                .body("decisions[0].mode", equalTo("dry-run"))
                .body("decisions[0].actions.outcome", equalTo(List.of("would-apply")));

        assertEquals(Set.of(sshWorld), ingressRuleIds());
        assertTrue(alerts.messages().isEmpty(), "a dry-run does not alert");
    }

    @Test
    void aLegacyFlatCallToASlashZeroWrittenFromAnAddressIsRevokedByItsRuleId() throws Exception {
        // the legacy form: CidrIp, IpProtocol and ports at the top of the request, no IpPermissions
        String legacy = ec2.authorizeSecurityGroupIngress(b -> b.groupId(group).ipProtocol("tcp").fromPort(22).toPort(22)
                .cidrIp("198.51.100.7/0")).securityGroupRules().get(0).securityGroupRuleId();
        String https = authorize("tcp", 443, "0.0.0.0/0", false);

        Lambda.invoke(SampleEvents.read(POLICY, "authorize-legacy-ssh-host-bits-slash-zero").replace(SAMPLE_GROUP, group)
                .replace(SAMPLE_SSH_WORLD_RULE, legacy)).statusCode(200)
                .body("decisions[0].matched", equalTo(true))
                .body("decisions[0].actions.outcome", equalTo(List.of("applied")));

        assertEquals(Set.of(https), ingressRuleIds(), "the /0 rule is revoked, the allowed HTTPS rule stays");
        assertAlert("HIGH", group);
    }

    private String authorize(String protocol, int port, String cidr, boolean ipv6) {
        IpPermission.Builder permission = IpPermission.builder().ipProtocol(protocol).fromPort(port).toPort(port);
        if (ipv6) {
            permission.ipv6Ranges(r -> r.cidrIpv6(cidr));
        } else {
            permission.ipRanges(r -> r.cidrIp(cidr));
        }
        return ec2.authorizeSecurityGroupIngress(b -> b.groupId(group).ipPermissions(permission.build()))
                .securityGroupRules().get(0).securityGroupRuleId();
    }

    private Set<String> ingressRuleIds() {
        return ec2.describeSecurityGroupRules(b -> b.filters(Filter.builder().name("group-id").values(group).build()))
                .securityGroupRules().stream().filter(r -> !r.isEgress()).map(SecurityGroupRule::securityGroupRuleId)
                .collect(Collectors.toSet());
    }

    private void assertAlert(String severity, String resource) throws Exception {
        List<String> messages = alerts.messages();
        assertEquals(1, messages.size(), "one alert");
        JsonNode alert = mapper.readTree(messages.get(0));
        assertEquals(POLICY, alert.path("policy").asText());
        assertEquals(severity, alert.path("severity").asText());
        assertTrue(alert.path("resource").asText().endsWith(resource), alert.toString());
    }
}
