package io.trailguard.remediation;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.trailguard.policy.ActionSpec;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.SecurityGroupRule;

/**
 * Revokes exactly the offending ingress rules of a security group: by the rule ids the event returned when
 * it has them, else the live rules that are exactly the logged permissions. Every other rule stays.
 */
@ApplicationScoped
public class RevokeSecurityGroupIngress extends RevokeSecurityGroupRules<OpenIngress> {

    public static final String NAME = "ec2.revoke-security-group-ingress";

    private final Ec2Client ec2;

    public RevokeSecurityGroupIngress(Ec2Client ec2) {
        this.ec2 = ec2;
    }

    public static ActionSpec spec(String groupId, List<String> ruleIds, List<OpenIngress> permissions) {
        return ActionSpec.of(NAME, "group-id", groupId, "rule-ids", ruleIds,
                "permissions", permissions.stream().map(OpenIngress::spec).toList());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    protected boolean egress() {
        return false;
    }

    @Override
    protected String revokeAction() {
        return "ec2:RevokeSecurityGroupIngress";
    }

    @Override
    protected OpenIngress parse(String permission) {
        return OpenIngress.parse(permission);
    }

    @Override
    protected boolean isExactly(OpenIngress permission, SecurityGroupRule rule) {
        return permission.isExactly(rule);
    }

    @Override
    protected Ec2Client ec2() {
        return ec2;
    }

    @Override
    protected void revoke(String groupId, List<String> ruleIds) {
        ec2.revokeSecurityGroupIngress(b -> b.groupId(groupId).securityGroupRuleIds(ruleIds));
    }
}
