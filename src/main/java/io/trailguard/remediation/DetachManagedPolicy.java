package io.trailguard.remediation;

import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.trailguard.policy.ActionSpec;
import io.trailguard.predicates.AwsIdentifiers;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/** Detaches a managed policy from a user, role or group, if it is still attached. IAM's query API as signed calls. */
@ApplicationScoped
public class DetachManagedPolicy implements ActionExecutor {

    public static final String NAME = "iam.detach-managed-policy";

    private final SignedQueryCall iam;

    @Inject
    public DetachManagedPolicy(AwsClientConfig config, AccountCredentials credentials) {
        this(config, (AwsCredentialsProvider) credentials);
    }

    DetachManagedPolicy(AwsClientConfig config, AwsCredentialsProvider credentials) {
        this.iam = SignedQueryCall.iam(config, credentials);
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
        String policyArn = spec.string("policy-arn");
        return iam.members("ListAttached" + principal.kind().api + "Policies",
                SignedQueryCall.parameters(principal.nameParameter(), principal.name()), "AttachedPolicies").stream()
                .anyMatch(p -> policyArn.equals(SignedQueryCall.text(p, "PolicyArn")));
    }

    @Override
    public void apply(ActionSpec spec) {
        IamPrincipal principal = IamPrincipal.of(spec);
        String policyArn = spec.string("policy-arn");
        iam.call("Detach" + principal.kind().api + "Policy",
                SignedQueryCall.parameters(principal.nameParameter(), principal.name(), "PolicyArn", policyArn));
    }

    @PreDestroy
    void close() {
        iam.close();
    }
}
