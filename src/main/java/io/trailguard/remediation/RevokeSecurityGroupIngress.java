package io.trailguard.remediation;

import java.util.List;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.trailguard.policy.ActionSpec;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * Revokes exactly the offending ingress rules of a security group: by the rule ids the event returned when
 * it has them, else the live rules that are exactly the logged permissions. Every other rule stays.
 */
@ApplicationScoped
public class RevokeSecurityGroupIngress extends RevokeSecurityGroupRules<OpenIngress> {

    public static final String NAME = "ec2.revoke-security-group-ingress";

    private final SignedQueryCall ec2;

    @Inject
    public RevokeSecurityGroupIngress(AwsClientConfig config, AccountCredentials credentials) {
        this(config, (AwsCredentialsProvider) credentials);
    }

    RevokeSecurityGroupIngress(AwsClientConfig config, AwsCredentialsProvider credentials) {
        this.ec2 = SignedQueryCall.ec2(config, credentials);
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
    protected SignedQueryCall ec2() {
        return ec2;
    }

    @PreDestroy
    void close() {
        ec2.close();
    }
}
