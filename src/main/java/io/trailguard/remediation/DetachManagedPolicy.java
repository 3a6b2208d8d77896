package io.trailguard.remediation;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.trailguard.policy.ActionSpec;
import io.trailguard.predicates.AwsIdentifiers;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;

/** Detaches a managed policy from a user, role or group, if it is still attached. */
@ApplicationScoped
public class DetachManagedPolicy implements ActionExecutor {

    public static final String NAME = "iam.detach-managed-policy";

    private final IamClient iam;

    public DetachManagedPolicy(IamClient iam) {
        this.iam = iam;
    }

    public static ActionSpec spec(IamPrincipal principal, String policyArn) {
        return ActionSpec.of(NAME, principal.kind().param(), principal.name(), "policy-arn", policyArn);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Permission> permissions() {
        List<Permission> permissions = new ArrayList<>(IamPrincipal.Kind.permissions(k -> "iam:ListAttached" + k.api + "Policies"));
        permissions.addAll(IamPrincipal.Kind.permissions(k -> "iam:Detach" + k.api + "Policy"));
        return permissions;
    }

    @Override
    public String refusal(ActionSpec spec) {
        return ParamCheck.first(IamPrincipal.refusal(spec),
                ParamCheck.string(spec, "policy-arn", AwsIdentifiers::isArn, "a valid ARN"));
    }

    @Override
    public String target(ActionSpec spec) {
        return spec.string("policy-arn") + " from " + IamPrincipal.of(spec);
    }

    @Override
    public boolean needed(ActionSpec spec) {
        IamPrincipal principal = IamPrincipal.of(spec);
        List<AttachedPolicy> attached = switch (principal.kind()) {
            case USER -> iam.listAttachedUserPoliciesPaginator(b -> b.userName(principal.name())).attachedPolicies().stream().toList();
            case ROLE -> iam.listAttachedRolePoliciesPaginator(b -> b.roleName(principal.name())).attachedPolicies().stream().toList();
            case GROUP -> iam.listAttachedGroupPoliciesPaginator(b -> b.groupName(principal.name())).attachedPolicies().stream().toList();
        };
        String policyArn = spec.string("policy-arn");
        return attached.stream().anyMatch(p -> policyArn.equals(p.policyArn()));
    }

    @Override
    public void apply(ActionSpec spec) {
        IamPrincipal principal = IamPrincipal.of(spec);
        String policyArn = spec.string("policy-arn");
        switch (principal.kind()) {
            case USER -> iam.detachUserPolicy(b -> b.userName(principal.name()).policyArn(policyArn));
            case ROLE -> iam.detachRolePolicy(b -> b.roleName(principal.name()).policyArn(policyArn));
            case GROUP -> iam.detachGroupPolicy(b -> b.groupName(principal.name()).policyArn(policyArn));
        }
    }
}
