package io.trailguard.remediation;

import java.util.List;
import java.util.Map;

import io.trailguard.policy.ActionSpec;
import io.trailguard.predicates.AwsIdentifiers;

/**
 * Revokes exactly the offending rules of one direction of a security group: by the rule ids the event returned
 * when it has them, else the live rules of that direction that are exactly the logged permissions. Every other
 * rule stays. Ingress and egress differ only in the direction, the revoke call and how a logged permission reads. EC2's
 * query API as signed calls ({@link SignedQueryCall#ec2}).
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

    protected abstract SignedQueryCall ec2();

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
            Map<String, String> parameters = SignedQueryCall.parameters("GroupId", spec.string("group-id"));
            SignedQueryCall.putList(parameters, "SecurityGroupRuleId.", live);
            // RevokeSecurityGroupIngress or RevokeSecurityGroupEgress, as the IAM action is named
            ec2().call(revokeAction().substring("ec2:".length()), parameters);
        }
    }

    private List<String> liveOffendingRuleIds(ActionSpec spec) {
        List<String> ruleIds = spec.strings("rule-ids");
        List<P> permissions = permissions(spec);
        return ec2().items("DescribeSecurityGroupRules", SignedQueryCall.filter("group-id", List.of(spec.string("group-id"))),
                "securityGroupRuleSet").stream()
                .map(SecurityGroupRule::of)
                .filter(r -> r.egress() == egress())
                .filter(r -> ruleIds.isEmpty() ? permissions.stream().anyMatch(p -> isExactly(p, r)) : ruleIds.contains(r.id()))
                .map(SecurityGroupRule::id)
                .toList();
    }

    private List<P> permissions(ActionSpec spec) {
        return spec.strings("permissions").stream().map(this::parse).toList();
    }
}
