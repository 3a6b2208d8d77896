package io.trailguard.remediation;

import java.util.List;

import io.trailguard.policy.Remediation;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;

/** Detaches a managed policy from a user, role or group, if it is still attached. */
public record DetachManagedPolicy(IamClient iam, IamPrincipal principal, String policyArn) implements Remediation {

    @Override
    public String action() {
        return "iam:Detach" + principal.kind().api + "Policy";
    }

    @Override
    public String target() {
        return policyArn + " from " + principal;
    }

    @Override
    public boolean needed() {
        List<AttachedPolicy> attached = switch (principal.kind()) {
            case USER -> iam.listAttachedUserPoliciesPaginator(b -> b.userName(principal.name())).attachedPolicies().stream().toList();
            case ROLE -> iam.listAttachedRolePoliciesPaginator(b -> b.roleName(principal.name())).attachedPolicies().stream().toList();
            case GROUP -> iam.listAttachedGroupPoliciesPaginator(b -> b.groupName(principal.name())).attachedPolicies().stream().toList();
        };
        return attached.stream().anyMatch(p -> policyArn.equals(p.policyArn()));
    }

    @Override
    public void apply() {
        switch (principal.kind()) {
            case USER -> iam.detachUserPolicy(b -> b.userName(principal.name()).policyArn(policyArn));
            case ROLE -> iam.detachRolePolicy(b -> b.roleName(principal.name()).policyArn(policyArn));
            case GROUP -> iam.detachGroupPolicy(b -> b.groupName(principal.name()).policyArn(policyArn));
        }
    }
}
