package io.trailguard.policies.network;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.Config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

import io.trailguard.event.CloudTrailDetail;
import io.trailguard.event.Ec2Items;
import io.trailguard.event.TrailEvent;
import io.trailguard.policy.Decision;
import io.trailguard.policy.HandlerNames;
import io.trailguard.policy.Mode;
import io.trailguard.policy.Policy;
import io.trailguard.policy.PolicySettings;
import io.trailguard.policy.ResourceRef;
import io.trailguard.policy.Severity;
import io.trailguard.policy.Setting;
import io.trailguard.predicates.Cidr;
import io.trailguard.remediation.OpenIngress;
import io.trailguard.remediation.RevokeSecurityGroupIngress;

/**
 * A port opened to the whole internet (any /0 CIDR: 0.0.0.0/0, ::/0, or the same block written otherwise such as
 * 198.51.100.7/0): a security group ingress rule added or modified to it, other than the allowed ports (80 and
 * 443 by default), or a network ACL entry allowing all inbound traffic. Enforce revokes exactly the offending
 * security group rules; network ACL entries are alerted.
 */
@ApplicationScoped
public class NetworkExposed implements Policy {

    static final Setting<List<Integer>> ALLOWED_PORTS = Setting.integers("allowed-ports", List.of(80, 443));

    private final Set<Integer> allowedPorts;

    public NetworkExposed(Config config) {
        this.allowedPorts = Set.copyOf(PolicySettings.of(name(), config).get(ALLOWED_PORTS));
    }

    @Override
    public String name() {
        return "network-exposed";
    }

    @Override
    public String handler() {
        return HandlerNames.NETWORK;
    }

    @Override
    public String description() {
        return "Security group or network ACL opened to the internet on a port that is not allowed";
    }

    @Override
    public List<String> attackTechniques() {
        // security groups and network ACLs are the cloud firewall
        return List.of("T1562.007");
    }

    @Override
    public String pattern() {
        return """
                {"source": ["aws.ec2"],
                 "detail-type": ["AWS API Call via CloudTrail"],
                 "detail": {"eventSource": ["ec2.amazonaws.com"],
                            "eventName": ["AuthorizeSecurityGroupIngress", "ModifySecurityGroupRules", "CreateNetworkAclEntry"]}}
                """;
    }

    @Override
    public List<String> actions() {
        return List.of(RevokeSecurityGroupIngress.NAME);
    }

    @Override
    public List<String> resourceTypes() {
        return List.of(ResourceRef.EC2_SECURITY_GROUP, ResourceRef.EC2_NETWORK_ACL);
    }

    @Override
    public List<Setting<?>> settings() {
        return List.of(ALLOWED_PORTS);
    }

    @Override
    public Mode defaultMode() {
        // public services on other ports exist (SMTP, game servers…): revoke once the allowed ports fit the account
        return Mode.ALERT;
    }

    @Override
    public Decision decide(TrailEvent event) {
        CloudTrailDetail detail = event.detail();
        JsonNode request = detail.requestParameters() == null ? MissingNode.getInstance() : detail.requestParameters();
        return switch (detail.eventName()) {
            case "AuthorizeSecurityGroupIngress" -> authorize(request, detail.responseElements());
            case "ModifySecurityGroupRules" -> modify(request.path("ModifySecurityGroupRulesRequest"));
            case "CreateNetworkAclEntry" -> aclEntry(request);
            default -> Decision.noMatch("not a network exposure call");
        };
    }

    private Decision authorize(JsonNode request, JsonNode response) {
        List<JsonNode> returned = Ec2Items.of(response == null ? null : response.get("securityGroupRuleSet"));
        String groupId = text(request, "groupId");
        if (groupId == null && !returned.isEmpty()) {
            // a default-VPC call by groupName: the returned rules name the group id
            groupId = text(returned.get(0), "groupId");
        }
        if (groupId == null) {
            return Decision.noMatch("no security group id in the event");
        }
        List<OpenIngress> offending = new ArrayList<>();
        for (JsonNode permission : Ec2Items.of(request.get("ipPermissions"))) {
            String protocol = permission.path("ipProtocol").asText("-1");
            int from = permission.path("fromPort").asInt(-1);
            int to = permission.path("toPort").asInt(-1);
            for (JsonNode range : Ec2Items.of(permission.get("ipRanges"))) {
                addIfOpen(offending, protocol, from, to, text(range, "cidrIp"));
            }
            for (JsonNode range : Ec2Items.of(permission.get("ipv6Ranges"))) {
                addIfOpen(offending, protocol, from, to, text(range, "cidrIpv6"));
            }
        }
        // the legacy flat form (CidrIp, IpProtocol, FromPort, ToPort): one permission at the top of the request
        if (text(request, "cidrIp") != null) {
            addIfOpen(offending, request.path("ipProtocol").asText("-1"), request.path("fromPort").asInt(-1),
                    request.path("toPort").asInt(-1), text(request, "cidrIp"));
        }
        if (offending.isEmpty()) {
            return Decision.noMatch("no ingress opened to the internet beyond the allowed ports " + allowedPorts);
        }
        List<String> ruleIds = new ArrayList<>();
        for (JsonNode rule : returned) {
            String cidr = text(rule, "cidrIpv4") != null ? text(rule, "cidrIpv4") : text(rule, "cidrIpv6");
            if (!rule.path("isEgress").asBoolean(false) && opens(rule.path("ipProtocol").asText("-1"),
                    rule.path("fromPort").asInt(-1), rule.path("toPort").asInt(-1), cidr)) {
                String id = text(rule, "securityGroupRuleId");
                if (id == null) {
                    return Decision.noMatch("no security group rule id in responseElements");
                }
                ruleIds.add(id);
            }
        }
        return exposed(groupId, offending, ruleIds);
    }

    private Decision modify(JsonNode request) {
        String groupId = text(request, "GroupId");
        if (groupId == null) {
            return Decision.noMatch("no security group id in the event");
        }
        List<OpenIngress> offending = new ArrayList<>();
        List<String> ruleIds = new ArrayList<>();
        for (JsonNode change : Ec2Items.of(request.get("SecurityGroupRule"))) {
            JsonNode rule = change.path("SecurityGroupRule");
            String cidr = text(rule, "CidrIpv4") != null ? text(rule, "CidrIpv4") : text(rule, "CidrIpv6");
            String protocol = rule.path("IpProtocol").asText("-1");
            int from = rule.path("FromPort").asInt(-1);
            int to = rule.path("ToPort").asInt(-1);
            if (opens(protocol, from, to, cidr)) {
                String id = text(change, "SecurityGroupRuleId");
                if (id == null) {
                    return Decision.noMatch("no security group rule id in requestParameters");
                }
                offending.add(new OpenIngress(protocol, from, to, cidr));
                ruleIds.add(id);
            }
        }
        if (offending.isEmpty()) {
            return Decision.noMatch("no rule modified to open the internet beyond the allowed ports " + allowedPorts);
        }
        // the call does not log whether a rule is ingress or egress: the revoke only touches live ingress rules
        return exposed(groupId, offending, ruleIds);
    }

    /** Ids as given, valid or not (fail closed): the revoke refuses an invalid one, so the finding is alerted and nothing done. */
    private Decision exposed(String groupId, List<OpenIngress> offending, List<String> ruleIds) {
        return Decision.remediate(Severity.HIGH, new ResourceRef(ResourceRef.EC2_SECURITY_GROUP, groupId),
                "security group " + groupId + " opened to the internet",
                offending.stream().map(o -> "ingress " + o).toList(),
                List.of(RevokeSecurityGroupIngress.spec(groupId, ruleIds, offending)));
    }

    private Decision aclEntry(JsonNode request) {
        String aclId = text(request, "networkAclId");
        if (aclId == null) {
            return Decision.noMatch("no network ACL id in the event");
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
        String protocol = request.path("aclProtocol").asText("");
        JsonNode range = request.path("portRange");
        boolean everyPort = range.path("from").asInt(-1) <= 0 && range.path("to").asInt(-1) >= 65535;
        if (!"-1".equals(protocol) && !(("6".equals(protocol) || "17".equals(protocol)) && everyPort)) {
            return Decision.noMatch("entry allows protocol " + protocol + " on ports, not all traffic");
        }
        return Decision.alert(Severity.HIGH, new ResourceRef(ResourceRef.EC2_NETWORK_ACL, aclId),
                "network ACL " + aclId + " allows all inbound traffic from the internet",
                List.of("rule " + request.path("ruleNumber").asText("?") + " allows " + ("-1".equals(protocol) ? "all protocols" : "every port")
                        + " from " + cidr));
    }

    private void addIfOpen(List<OpenIngress> offending, String protocol, int from, int to, String cidr) {
        if (opens(protocol, from, to, cidr)) {
            offending.add(new OpenIngress(protocol, from, to, cidr));
        }
    }

    /** World-open (any /0, however its address is written) and not exactly one allowed TCP/UDP port; ICMP opens no port. */
    private boolean opens(String protocol, int from, int to, String cidr) {
        if (!Cidr.isWholeInternet(cidr)) {
            return false;
        }
        String p = protocol.toLowerCase(Locale.ROOT);
        if (p.equals("icmp") || p.equals("icmpv6") || p.equals("1") || p.equals("58")) {
            return false;
        }
        boolean tcpOrUdp = p.equals("tcp") || p.equals("udp") || p.equals("6") || p.equals("17");
        return !(tcpOrUdp && from == to && allowedPorts.contains(from));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isValueNode() && !value.isNull() && !value.asText().isBlank() ? value.asText() : null;
    }
}
