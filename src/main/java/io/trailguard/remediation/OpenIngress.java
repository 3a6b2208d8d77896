package io.trailguard.remediation;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import io.trailguard.predicates.Cidr;

/**
 * One ingress permission to a world CIDR as the event logged it: protocol, port range and the CIDR. It
 * finds the live security group rule that is exactly it, so a revoke never touches a neighbouring rule.
 */
public record OpenIngress(String protocol, int fromPort, int toPort, String cidr) {

    private static final Pattern PROTOCOL = Pattern.compile("-1|[a-z0-9]{1,16}");
    private static final Pattern PORT = Pattern.compile("-1|\\d{1,5}");
    private static final Pattern CIDR = Pattern.compile("[0-9a-fA-F.:]{2,39}/\\d{1,3}");

    public OpenIngress {
        protocol = normalize(protocol);
    }

    /**
     * Its form in an action spec, {@code <protocol> <from> <to> <cidr>} ({@code tcp 22 22 0.0.0.0/0}), which
     * {@link #parse} reads back.
     */
    public String spec() {
        return protocol + " " + fromPort + " " + toPort + " " + cidr;
    }

    /** Null unless {@code spec} is a protocol, two ports (-1 for none) and a CIDR. */
    static OpenIngress parse(String spec) {
        String[] parts = spec == null ? new String[0] : spec.split(" ");
        if (parts.length != 4 || !PROTOCOL.matcher(parts[0]).matches() || !PORT.matcher(parts[1]).matches()
                || !PORT.matcher(parts[2]).matches() || !CIDR.matcher(parts[3]).matches()) {
            return null;
        }
        return new OpenIngress(parts[0], Integer.parseInt(parts[1]), Integer.parseInt(parts[2]), parts[3]);
    }

    public boolean allProtocols() {
        return "-1".equals(protocol);
    }

    boolean isExactly(SecurityGroupRule rule) {
        if (rule.egress() || !protocol.equals(normalize(rule.protocol()))) {
            return false;
        }
        String live = rule.cidr();
        if (live == null || !sameBlock(live, cidr)) {
            return false;
        }
        // ports mean nothing for "all protocols"; AWS reports them as -1
        return allProtocols() || (rule.fromPort() == fromPort && rule.toPort() == toPort);
    }

    /** AWS keeps a block in its canonical form, while the event may log it another way ({@code 198.51.100.7/0}). */
    private static boolean sameBlock(String live, String logged) {
        Optional<Cidr> block = Cidr.parse(live);
        return block.isPresent() ? block.equals(Cidr.parse(logged)) : live.equalsIgnoreCase(logged);
    }

    @Override
    public String toString() {
        String ports = allProtocols() ? "all traffic" : protocol + " " + (fromPort == toPort ? fromPort : fromPort + "-" + toPort);
        return ports + " from " + cidr;
    }

    /** CloudTrail and the API accept names or protocol numbers; compare by name. */
    static String normalize(String protocol) {
        if (protocol == null) {
            return "-1";
        }
        return switch (protocol.toLowerCase(Locale.ROOT)) {
            case "6" -> "tcp";
            case "17" -> "udp";
            case "1" -> "icmp";
            case "58" -> "icmpv6";
            case "all" -> "-1";
            default -> protocol.toLowerCase(Locale.ROOT);
        };
    }
}
