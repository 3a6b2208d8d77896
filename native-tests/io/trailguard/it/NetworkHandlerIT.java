package io.trailguard.it;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;
import io.trailguard.AlertInbox;
import io.trailguard.Lambda;
import io.trailguard.MotoServer;
import io.trailguard.SampleEvents;
import io.trailguard.policy.HandlerNames;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.SecurityGroupRule;
import software.amazon.awssdk.services.sns.SnsClient;

/** The packaged function as the {@code network} handler (enforce in %test): SSH open to the world is revoked, HTTPS kept. */
@ForFunction(HandlerNames.NETWORK)
@QuarkusIntegrationTest
@TestProfile(NetworkHandlerIT.Profile.class)
class NetworkHandlerIT {

    public static class Profile extends HandlerProfile {
        @Override
        protected String handler() {
            return HandlerNames.NETWORK;
        }
    }

    static final String POLICY = "network-exposed";
    // the ids in the sample events under events/network-exposed/, replaced by the ones moto hands out
    static final String SAMPLE_GROUP = "sg-0a1b2c3d4e5f60718";
    static final String SAMPLE_SSH_WORLD_RULE = "sgr-0f1e2d3c4b5a69788";
    final ObjectMapper mapper = new ObjectMapper();
    final Ec2Client ec2 = MotoClients.ec2();
    final SnsClient sns = MotoClients.sns();
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
        ec2.close();
        sns.close();
    }

    @Test
    void sshFromAnywhereIsRevokedAndHttpsKept() throws Exception {
        String https = authorize(443);
        String sshWorld = authorize(22);

        Lambda.invoke(SampleEvents.read(POLICY, "authorize-ssh-from-anywhere").replace(SAMPLE_GROUP, group)
                .replace(SAMPLE_SSH_WORLD_RULE, sshWorld)).statusCode(200)
                .body("status", equalTo("decided"))
                .body("decisions[0].policy", equalTo(POLICY))
                .body("decisions[0].mode", equalTo("enforce"))
                .body("decisions[0].actions.action", equalTo(List.of("ec2.revoke-security-group-ingress")))
                .body("decisions[0].actions.outcome", equalTo(List.of("applied")));

        assertEquals(Set.of(https), ingressRuleIds(), "only the world-open SSH rule is revoked");
        List<String> messages = alerts.messages();
        assertEquals(1, messages.size(), "one alert: " + messages);
        JsonNode alert = mapper.readTree(messages.get(0));
        assertEquals("HIGH", alert.path("severity").asText());
        assertTrue(alert.path("resource").asText().endsWith(group), alert.toString());
    }

    private String authorize(int port) {
        return ec2.authorizeSecurityGroupIngress(b -> b.groupId(group).ipPermissions(p -> p.ipProtocol("tcp").fromPort(port)
                .toPort(port).ipRanges(r -> r.cidrIp("0.0.0.0/0")))).securityGroupRules().get(0).securityGroupRuleId();
    }

    private Set<String> ingressRuleIds() {
        return ec2.describeSecurityGroupRules(b -> b.filters(Filter.builder().name("group-id").values(group).build()))
                .securityGroupRules().stream().filter(r -> !r.isEgress()).map(SecurityGroupRule::securityGroupRuleId)
                .collect(Collectors.toSet());
    }
}
