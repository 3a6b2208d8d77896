package io.trailguard.remediation;

/**
 * A security group rule as DescribeSecurityGroupRules lists it, with what a revoke picks rules by: its id, direction,
 * protocol, ports (-1 for none) and the CIDR block it opens to (IPv4 or IPv6; null for a rule naming a group or a prefix list).
 */
record SecurityGroupRule(String id, boolean egress, String protocol, int fromPort, int toPort, String cidr) {

    /** A rule from its {@code <item>} in EC2's answer. */
    static SecurityGroupRule of(String item) {
        String ipv4 = SignedQueryCall.text(item, "cidrIpv4");
        return new SecurityGroupRule(SignedQueryCall.text(item, "securityGroupRuleId"), "true".equals(SignedQueryCall.text(item, "isEgress")),
                SignedQueryCall.text(item, "ipProtocol"), port(SignedQueryCall.text(item, "fromPort")), port(SignedQueryCall.text(item, "toPort")),
                ipv4 != null ? ipv4 : SignedQueryCall.text(item, "cidrIpv6"));
    }

    private static int port(String text) {
        return text == null || text.isEmpty() ? -1 : Integer.parseInt(text.trim());
    }
}
