package io.trailguard.remediation;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The revoke's fallback without rule ids: the live rule that is exactly the logged permission, whatever the CIDR's spelling. */
class OpenIngressTest {

    private static SecurityGroupRule ipv4(String protocol, int from, int to, String cidr) {
        return new SecurityGroupRule("sgr-0123456789abcdef0", false, protocol, from, to, cidr);
    }

    @Test
    void aSlashZeroLoggedWithHostBitsIsTheLiveWorldRule() {
        OpenIngress logged = OpenIngress.parse("tcp 22 22 198.51.100.7/0");
        assertTrue(logged.isExactly(ipv4("tcp", 22, 22, "0.0.0.0/0")));
    }

    @Test
    void anIpv6WorldBlockInLongFormIsTheLiveOne() {
        OpenIngress logged = OpenIngress.parse("tcp 3389 3389 0:0:0:0:0:0:0:0/0");
        SecurityGroupRule live = SecurityGroupRule.of("<securityGroupRuleId>sgr-0123456789abcdef0</securityGroupRuleId><isEgress>false</isEgress>"
                + "<ipProtocol>tcp</ipProtocol><fromPort>3389</fromPort><toPort>3389</toPort><cidrIpv6>::/0</cidrIpv6><tagSet/>");
        assertTrue(logged.isExactly(live));
    }

    @Test
    void aNeighbouringRuleIsNotTouched() {
        OpenIngress logged = OpenIngress.parse("tcp 22 22 198.51.100.7/0");
        assertFalse(logged.isExactly(ipv4("tcp", 22, 22, "198.51.100.7/32")), "a /32 is one host, not the world");
        assertFalse(logged.isExactly(ipv4("tcp", 22, 22, "10.0.0.0/8")));
        assertFalse(logged.isExactly(ipv4("tcp", 443, 443, "0.0.0.0/0")), "another port");
        assertFalse(logged.isExactly(ipv4("udp", 22, 22, "0.0.0.0/0")), "another protocol");
    }
}
