package io.trailguard.remediation;

import java.util.Optional;

import io.trailguard.predicates.Cidr;

/**
 * One egress permission to a world CIDR as the event logged it, in the spec form of {@link OpenIngress}
 * ({@code <protocol> <from> <to> <cidr>}). It finds the live egress rule that is exactly it, so a revoke never
 * touches a neighbouring rule.
 */
public record OpenEgress(String protocol, int fromPort, int toPort, String cidr) {

    public OpenEgress {
        protocol = OpenIngress.normalize(protocol);
    }

    public String spec() {
        return protocol + " " + fromPort + " " + toPort + " " + cidr;
    }

    /** Null unless {@code spec} is a protocol, two ports (-1 for none) and a CIDR. */
    static OpenEgress parse(String spec) {
        OpenIngress same = OpenIngress.parse(spec);
        return same == null ? null : new OpenEgress(same.protocol(), same.fromPort(), same.toPort(), same.cidr());
    }

    public boolean allProtocols() {
        return "-1".equals(protocol);
    }

    boolean isExactly(SecurityGroupRule rule) {
        if (!rule.egress() || !protocol.equals(OpenIngress.normalize(rule.protocol()))) {
            return false;
        }
        String live = rule.cidr();
        // AWS keeps a block in its canonical form, while the event may log it another way (198.51.100.7/0)
        Optional<Cidr> block = Cidr.parse(live);
        if (live == null || !(block.isPresent() ? block.equals(Cidr.parse(cidr)) : live.equalsIgnoreCase(cidr))) {
            return false;
        }
        // ports mean nothing for "all protocols"; AWS reports them as -1
        return allProtocols() || (rule.fromPort() == fromPort && rule.toPort() == toPort);
    }

    @Override
    public String toString() {
        String ports = allProtocols() ? "all traffic" : protocol + " " + (fromPort == toPort ? fromPort : fromPort + "-" + toPort);
        return ports + " to " + cidr;
    }
}
