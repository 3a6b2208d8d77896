package io.trailguard.remediation;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.trailguard.policy.ActionSpec;
import io.trailguard.predicates.AwsIdentifiers;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.SecurityGroupRule;

/**
 * Revokes exactly the offending egress rules of a security group: by the rule ids the event returned when it
 * has them, else the live egress rules that are exactly the logged permissions. Every other rule stays.
 */
@ApplicationScoped
public class RevokeSecurityGroupEgress implements ActionExecutor {

    public static final String NAME = "ec2.revoke-security-group-egress";

    private final Ec2Client ec2;

    public RevokeSecurityGroupEgress(Ec2Client ec2) {
        this.ec2 = ec2;
    }

    public static ActionSpec spec(String groupId, List<String> ruleIds, List<OpenEgress> permissions) {
        return ActionSpec.of(NAME, "group-id", groupId, "rule-ids", ruleIds,
                "permissions", permissions.stream().map(OpenEgress::spec).toList());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Permission> permissions() {
        return List.of(Permission.onAny("ec2:DescribeSecurityGroupRules"),
                new Permission("ec2:RevokeSecurityGroupEgress", "arn:aws:ec2:*:*:security-group/${group-id}"));
    }

    @Override
    public String refusal(ActionSpec spec) {
        return ParamCheck.first(ParamCheck.string(spec, "group-id", id -> AwsIdentifiers.isEc2Id(id, "sg"), "a security group id"),
                ParamCheck.optionalStrings(spec, "rule-ids", id -> AwsIdentifiers.isEc2Id(id, "sgr"), "a security group rule id"),
                ParamCheck.strings(spec, "permissions", p -> OpenEgress.parse(p) != null, "<protocol> <from> <to> <cidr>"));
    }

    @Override
    public String target(ActionSpec spec) {
        List<String> ruleIds = spec.strings("rule-ids");
        return spec.string("group-id") + " egress " + (ruleIds.isEmpty() ? permissions(spec) : ruleIds);
    }

    @Override
    public boolean needed(ActionSpec spec) {
        return !liveOffendingRuleIds(spec).isEmpty();
    }

    @Override
    public void apply(ActionSpec spec) {
        List<String> live = liveOffendingRuleIds(spec);
        if (!live.isEmpty()) {
            ec2.revokeSecurityGroupEgress(b -> b.groupId(spec.string("group-id")).securityGroupRuleIds(live));
        }
    }

    private List<String> liveOffendingRuleIds(ActionSpec spec) {
        List<String> ruleIds = spec.strings("rule-ids");
        List<OpenEgress> permissions = permissions(spec);
        List<SecurityGroupRule> rules = ec2.describeSecurityGroupRulesPaginator(b -> b
                .filters(Filter.builder().name("group-id").values(spec.string("group-id")).build()))
                .securityGroupRules().stream().toList();
        return rules.stream()
                .filter(r -> Boolean.TRUE.equals(r.isEgress()))
                .filter(r -> ruleIds.isEmpty() ? permissions.stream().anyMatch(p -> p.isExactly(r)) : ruleIds.contains(r.securityGroupRuleId()))
                .map(SecurityGroupRule::securityGroupRuleId)
                .toList();
    }

    private static List<OpenEgress> permissions(ActionSpec spec) {
        return spec.strings("permissions").stream().map(OpenEgress::parse).toList();
    }
}
