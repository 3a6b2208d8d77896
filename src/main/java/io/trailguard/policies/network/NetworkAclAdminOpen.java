package io.trailguard.policies.network;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.Config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

import io.trailguard.event.CloudTrailDetail;
import io.trailguard.event.TrailEvent;
import io.trailguard.policy.Decision;
import io.trailguard.policy.HandlerNames;
import io.trailguard.policy.Mode;
import io.trailguard.policy.Policy;
import io.trailguard.policy.PolicySettings;
import io.trailguard.policy.ResourceRef;
import io.trailguard.policy.Setting;
import io.trailguard.policy.Severity;
import io.trailguard.predicates.Cidr;
import io.trailguard.remediation.DeleteNetworkAclEntry;

/**
 * A network ACL entry created or replaced to allow inbound traffic from the whole internet (any /0) on an
 * administrative port (SSH 22 and RDP 3389 by default): all protocols, or a TCP or UDP range covering one (but the
 * ephemeral return-traffic ranges every stateless ACL needs).
 * Enforce (opt-in) deletes the entry, leaving the traffic to the next rule or the default deny.
 */
@ApplicationScoped
public class NetworkAclAdminOpen implements Policy {

    static final Setting<List<Integer>> ADMIN_PORTS = Setting.integers("admin-ports", List.of(22, 3389));

    /**
     * Where the ephemeral ranges AWS documents for a stateless ACL's return traffic begin (1024 for NAT gateways and
     * load balancers, 32768 Linux, 49152 Windows), each up to 65535: every custom ACL has one, and 1024-65535 covers
     * RDP's 3389 only by accident. Any other range covering an administrative port is judged.
     */
    private static final Set<Integer> RETURN_TRAFFIC_STARTS = Set.of(1024, 32768, 49152);

    private final List<Integer> adminPorts;

    public NetworkAclAdminOpen(Config config) {
        this.adminPorts = List.copyOf(PolicySettings.of(name(), config).get(ADMIN_PORTS));
    }

    @Override
    public String name() {
        return "network-acl-admin-open";
    }

    @Override
    public String handler() {
        return HandlerNames.NETWORK;
    }

    @Override
    public String description() {
        return "Network ACL entry allowing inbound traffic from the internet on an administrative port";
    }

    @Override
    public String pattern() {
        return """
                {"source": ["aws.ec2"],
                 "detail-type": ["AWS API Call via CloudTrail"],
                 "detail": {"eventSource": ["ec2.amazonaws.com"], "eventName": ["CreateNetworkAclEntry", "ReplaceNetworkAclEntry"]}}
                """;
    }

    @Override
    public List<String> actions() {
        return List.of(DeleteNetworkAclEntry.NAME);
    }

    @Override
    public List<String> resourceTypes() {
        return List.of(ResourceRef.EC2_NETWORK_ACL);
    }

    @Override
    public List<Setting<?>> settings() {
        return List.of(ADMIN_PORTS);
    }

    @Override
    public Mode defaultMode() {
        // a deleted entry can cut a subnet's own traffic (a bastion subnet, return traffic): opt in per account
        return Mode.ALERT;
    }

    @Override
    public List<String> attackTechniques() {
        return List.of("T1562.007");
    }

    @Override
    public Optional<String> runbook() {
        return Optional.of("https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html");
    }

    @Override
    public Decision decide(TrailEvent event) {
        CloudTrailDetail detail = event.detail();
        JsonNode request = detail.requestParameters() == null ? MissingNode.getInstance() : detail.requestParameters();
        String aclId = text(request, "networkAclId");
        String ruleNumber = text(request, "ruleNumber");
        if (aclId == null || ruleNumber == null) {
            return Decision.noMatch("no network ACL id or rule number in the event");
        }
        if (request.path("egress").asBoolean(false) || "true".equalsIgnoreCase(request.path("egress").asText())) {
            return Decision.noMatch("egress entry");
        }
        if (!"allow".equalsIgnoreCase(request.path("ruleAction").asText())) {
            return Decision.noMatch("entry denies traffic");
        }
        String cidr = text(request, "cidrBlock") != null ? text(request, "cidrBlock") : text(request, "ipv6CidrBlock");
        if (!Cidr.isWholeInternet(cidr)) {
            return Decision.noMatch("entry is not open to the internet: " + cidr);
        }
        String protocol = request.path("aclProtocol").asText("").toLowerCase(Locale.ROOT);
        JsonNode range = request.path("portRange");
        int from = range.path("from").asInt(-1);
        int to = range.path("to").asInt(-1);
        String opened;
        if (protocol.equals("-1") || protocol.equals("all")) {
            opened = "all traffic";
        } else if (List.of("6", "17", "tcp", "udp").contains(protocol)) {
            if (to == 65535 && RETURN_TRAFFIC_STARTS.contains(from)) {
                return Decision.noMatch("entry allows the ephemeral ports " + from + "-" + to + " for return traffic");
            }
            List<Integer> covered = adminPorts.stream().filter(p -> from <= p && p <= to).toList();
            if (covered.isEmpty()) {
                return Decision.noMatch("entry allows ports " + from + "-" + to + ", no administrative port " + adminPorts);
            }
            String name = protocol.equals("6") || protocol.equals("tcp") ? "tcp" : "udp";
            opened = name + " " + (from == to ? String.valueOf(from) : from + "-" + to) + " (administrative ports " + covered + ")";
        } else {
            return Decision.noMatch("entry allows protocol " + protocol + ", which has no ports");
        }
        // ids as given, valid or not (fail closed): the executor refuses an invalid one, so the finding is alerted and nothing deleted
        return Decision.remediate(Severity.HIGH, new ResourceRef(ResourceRef.EC2_NETWORK_ACL, aclId),
                "network ACL " + aclId + " lets the internet reach administrative ports",
                List.of("inbound rule " + ruleNumber + " allows " + opened + " from " + cidr),
                List.of(DeleteNetworkAclEntry.spec(aclId, ruleNumber, cidr)));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isValueNode() && !value.isNull() && !value.asText().isBlank() ? value.asText() : null;
    }
}
