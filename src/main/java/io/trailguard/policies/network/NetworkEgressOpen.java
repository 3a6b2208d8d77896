package io.trailguard.policies.network;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

import io.trailguard.event.CloudTrailDetail;
import io.trailguard.event.Ec2Items;
import io.trailguard.event.TrailEvent;
import io.trailguard.policy.Decision;
import io.trailguard.policy.HandlerNames;
import io.trailguard.policy.Mode;
import io.trailguard.policy.Policy;
import io.trailguard.policy.ResourceRef;
import io.trailguard.policy.Severity;
import io.trailguard.predicates.Cidr;
import io.trailguard.remediation.OpenEgress;
import io.trailguard.remediation.RevokeSecurityGroupEgress;

/**
 * A security group allowed to send anything to the whole internet: an egress rule added for all protocols, or
 * for TCP or UDP on every port (0-65535), to any /0 (0.0.0.0/0, ::/0, or the same block written otherwise) —
 * the open door for exfiltration and command and control. Enforce revokes exactly those egress rules.
 */
@ApplicationScoped
public class NetworkEgressOpen implements Policy {

    @Override
    public String name() {
        return "network-egress-open";
    }

    @Override
    public String handler() {
        return HandlerNames.NETWORK;
    }

    @Override
    public String description() {
        return "Security group egress opened to the internet on every port";
    }

    @Override
    public String pattern() {
        return """
                {"source": ["aws.ec2"],
                 "detail-type": ["AWS API Call via CloudTrail"],
                 "detail": {"eventSource": ["ec2.amazonaws.com"], "eventName": ["AuthorizeSecurityGroupEgress"]}}
                """;
    }

    @Override
    public List<String> actions() {
        return List.of(RevokeSecurityGroupEgress.NAME);
    }

    @Override
    public List<String> resourceTypes() {
        return List.of(ResourceRef.EC2_SECURITY_GROUP);
    }

    @Override
    public Mode defaultMode() {
        // every new group's default egress is exactly this, and templates re-add it: revoke where egress is locked down
        return Mode.ALERT;
    }

    @Override
    public List<String> attackTechniques() {
        return List.of("T1562.007", "T1048");
    }

    @Override
    public Decision decide(TrailEvent event) {
        CloudTrailDetail detail = event.detail();
        JsonNode request = detail.requestParameters() == null ? MissingNode.getInstance() : detail.requestParameters();
        List<JsonNode> returned = Ec2Items.of(detail.responseElements() == null ? null : detail.responseElements().get("securityGroupRuleSet"));
        String groupId = text(request, "groupId");
        if (groupId == null && !returned.isEmpty()) {
            groupId = text(returned.get(0), "groupId");
        }
        if (groupId == null) {
            return Decision.noMatch("no security group id in the event");
        }
        List<OpenEgress> offending = new ArrayList<>();
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
        // the legacy flat form (CidrIp, IpProtocol, FromPort, ToPort), as network-exposed reads it for ingress
        if (text(request, "cidrIp") != null) {
            addIfOpen(offending, request.path("ipProtocol").asText("-1"), request.path("fromPort").asInt(-1),
                    request.path("toPort").asInt(-1), text(request, "cidrIp"));
        }
        if (offending.isEmpty()) {
            return Decision.noMatch("no egress opened to the internet on every port");
        }
        List<String> ruleIds = new ArrayList<>();
        for (JsonNode rule : returned) {
            String cidr = text(rule, "cidrIpv4") != null ? text(rule, "cidrIpv4") : text(rule, "cidrIpv6");
            if (rule.path("isEgress").asBoolean(false) && everyPort(rule.path("ipProtocol").asText("-1"),
                    rule.path("fromPort").asInt(-1), rule.path("toPort").asInt(-1)) && Cidr.isWholeInternet(cidr)) {
                String id = text(rule, "securityGroupRuleId");
                if (id == null) {
                    return Decision.noMatch("no security group rule id in responseElements");
                }
                ruleIds.add(id);
            }
        }
        // ids as given, valid or not (fail closed): the revoke refuses an invalid one, so the finding is alerted and nothing done
        return Decision.remediate(Severity.MEDIUM, new ResourceRef(ResourceRef.EC2_SECURITY_GROUP, groupId),
                "security group " + groupId + " may send anything to the internet",
                offending.stream().map(o -> "egress " + o).toList(),
                List.of(RevokeSecurityGroupEgress.spec(groupId, ruleIds, offending)));
    }

    private static void addIfOpen(List<OpenEgress> offending, String protocol, int from, int to, String cidr) {
        if (Cidr.isWholeInternet(cidr) && everyPort(protocol, from, to)) {
            offending.add(new OpenEgress(protocol, from, to, cidr));
        }
    }

    /** All protocols, or TCP or UDP on the whole port range. */
    private static boolean everyPort(String protocol, int from, int to) {
        String p = protocol.toLowerCase(Locale.ROOT);
        if (p.equals("-1") || p.equals("all")) {
            return true;
        }
        boolean tcpOrUdp = p.equals("tcp") || p.equals("udp") || p.equals("6") || p.equals("17");
        return tcpOrUdp && from <= 0 && to >= 65535;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isValueNode() && !value.isNull() && !value.asText().isBlank() ? value.asText() : null;
    }
}
