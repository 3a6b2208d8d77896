package io.trailguard.remediation;

import java.util.List;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.trailguard.policy.ActionSpec;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * Revokes exactly the offending egress rules of a security group: by the rule ids the event returned when it
 * has them, else the live egress rules that are exactly the logged permissions. Every other rule stays.
 */
@ApplicationScoped
public class RevokeSecurityGroupEgress extends RevokeSecurityGroupRules<OpenEgress> {

    public static final String NAME = "ec2.revoke-security-group-egress";

    private final SignedQueryCall ec2;

    @Inject
    public RevokeSecurityGroupEgress(AwsClientConfig config, AccountCredentials credentials) {
        this(config, (AwsCredentialsProvider) credentials);
    }

    RevokeSecurityGroupEgress(AwsClientConfig config, AwsCredentialsProvider credentials) {
        this.ec2 = SignedQueryCall.ec2(config, credentials);
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
    protected boolean egress() {
        return true;
    }

    @Override
    protected String revokeAction() {
        return "ec2:RevokeSecurityGroupEgress";
    }

    @Override
    protected OpenEgress parse(String permission) {
        return OpenEgress.parse(permission);
    }

    @Override
    protected boolean isExactly(OpenEgress permission, SecurityGroupRule rule) {
        return permission.isExactly(rule);
    }

    @Override
    protected SignedQueryCall ec2() {
        return ec2;
    }

    @PreDestroy
    void close() {
        ec2.close();
    }
}
