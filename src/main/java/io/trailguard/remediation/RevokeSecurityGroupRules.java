package io.trailguard.remediation;

import java.util.List;

import io.trailguard.policy.ActionSpec;
import io.trailguard.predicates.AwsIdentifiers;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.SecurityGroupRule;

/**
 * Revokes exactly the offending rules of one direction of a security group: by the rule ids the event returned
 * when it has them, else the live rules of that direction that are exactly the logged permissions. Every other
 * rule stays. Ingress and egress differ only in the direction, the revoke call and how a logged permission reads.
 */
abstract class RevokeSecurityGroupRules<P> implements ActionExecutor {

    /** True for egress rules, false for ingress rules. */
    protected abstract boolean egress();

    /** The IAM action of its revoke call. */
    protected abstract String revokeAction();

    /** A logged permission as the spec carries it ({@code <protocol> <from> <to> <cidr>}); null when it is none. */
    protected abstract P parse(String permission);

    /** Whether a live rule is exactly that logged permission. */
    protected abstract boolean isExactly(P permission, SecurityGroupRule rule);

    protected abstract Ec2Client ec2();

    /** Revokes those rules of the group, in this executor's direction. */
    protected abstract void revoke(String groupId, List<String> ruleIds);

    @Override
    public List<Permission> permissions() {
        return List.of(Permission.onAny("ec2:DescribeSecurityGroupRules"),
                new Permission(revokeAction(), "arn:aws:ec2:*:*:security-group/${group-id}"));
    }

    @Override
    public String refusal(ActionSpec spec) {
        return ParamCheck.first(ParamCheck.string(spec, "group-id", id -> AwsIdentifiers.isEc2Id(id, "sg"), "a security group id"),
                ParamCheck.optionalStrings(spec, "rule-ids", id -> AwsIdentifiers.isEc2Id(id, "sgr"), "a security group rule id"),
                ParamCheck.strings(spec, "permissions", p -> parse(p) != null, "<protocol> <from> <to> <cidr>"));
    }

    @Override
    public String target(ActionSpec spec) {
        List<String> ruleIds = spec.strings("rule-ids");
        return spec.string("group-id") + (egress() ? " egress " : " ") + (ruleIds.isEmpty() ? permissions(spec) : ruleIds);
    }

    @Override
    public boolean needed(ActionSpec spec) {
        return !liveOffendingRuleIds(spec).isEmpty();
    }

    @Override
    public void apply(ActionSpec spec) {
        List<String> live = liveOffendingRuleIds(spec);
        if (!live.isEmpty()) {
            revoke(spec.string("group-id"), live);
        }
    }

    private List<String> liveOffendingRuleIds(ActionSpec spec) {
        List<String> ruleIds = spec.strings("rule-ids");
        List<P> permissions = permissions(spec);
        List<SecurityGroupRule> rules = ec2().describeSecurityGroupRulesPaginator(b -> b
                .filters(Filter.builder().name("group-id").values(spec.string("group-id")).build()))
                .securityGroupRules().stream().toList();
        return rules.stream()
                .filter(r -> Boolean.TRUE.equals(r.isEgress()) == egress())
                .filter(r -> ruleIds.isEmpty() ? permissions.stream().anyMatch(p -> isExactly(p, r)) : ruleIds.contains(r.securityGroupRuleId()))
                .map(SecurityGroupRule::securityGroupRuleId)
                .toList();
    }

    private List<P> permissions(ActionSpec spec) {
        return spec.strings("permissions").stream().map(this::parse).toList();
    }
}
