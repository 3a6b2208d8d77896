package io.trailguard.remediation;

import java.util.List;

import io.trailguard.policy.Remediation;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.SecurityGroupRule;

/**
 * Revokes exactly the offending ingress rules of a security group: by the rule ids the event returned when
 * it has them, else the live rules that are exactly the logged permissions. Every other rule stays.
 */
public record RevokeSecurityGroupIngress(Ec2Client ec2, String groupId, List<String> ruleIds, List<OpenIngress> permissions)
        implements Remediation {

    public RevokeSecurityGroupIngress {
        ruleIds = List.copyOf(ruleIds);
        permissions = List.copyOf(permissions);
    }

    @Override
    public String action() {
        return "ec2:RevokeSecurityGroupIngress";
    }

    @Override
    public String target() {
        return groupId + " " + (ruleIds.isEmpty() ? permissions : ruleIds);
    }

    @Override
    public boolean needed() {
        return !liveOffendingRuleIds().isEmpty();
    }

    @Override
    public void apply() {
        List<String> live = liveOffendingRuleIds();
        if (!live.isEmpty()) {
            ec2.revokeSecurityGroupIngress(b -> b.groupId(groupId).securityGroupRuleIds(live));
        }
    }

    private List<String> liveOffendingRuleIds() {
        List<SecurityGroupRule> rules = ec2.describeSecurityGroupRulesPaginator(b -> b
                .filters(Filter.builder().name("group-id").values(groupId).build()))
                .securityGroupRules().stream().toList();
        return rules.stream()
                .filter(r -> !Boolean.TRUE.equals(r.isEgress()))
                .filter(r -> ruleIds.isEmpty() ? permissions.stream().anyMatch(p -> p.isExactly(r)) : ruleIds.contains(r.securityGroupRuleId()))
                .map(SecurityGroupRule::securityGroupRuleId)
                .toList();
    }
}
