package io.trailguard.remediation;

import java.util.List;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.trailguard.policy.ActionSpec;
import io.trailguard.predicates.AwsIdentifiers;

/** Deletes a user's console password (login profile), if the user still has one; the user and its keys stay. */
@ApplicationScoped
public class DeleteLoginProfile implements ActionExecutor {

    public static final String NAME = "iam.delete-login-profile";

    private static final String USER_ARN = "arn:aws:iam::*:user/${user}";

    private final SignedQueryCall iam;

    public DeleteLoginProfile(AwsClientConfig config, AccountCredentials credentials) {
        this.iam = SignedQueryCall.iam(config, credentials);
    }

    public static ActionSpec spec(String user) {
        return ActionSpec.of(NAME, "user", user);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Permission> permissions() {
        return List.of(new Permission("iam:GetLoginProfile", USER_ARN), new Permission("iam:DeleteLoginProfile", USER_ARN));
    }

    @Override
    public String refusal(ActionSpec spec) {
        return ParamCheck.string(spec, "user", AwsIdentifiers::isIamName, "a valid IAM name");
    }

    @Override
    public String target(ActionSpec spec) {
        return "console password of user " + spec.string("user");
    }

    @Override
    public boolean needed(ActionSpec spec) {
        // none: no password (or no user) left to delete
        return iam.callUnless("NoSuchEntity", "GetLoginProfile", SignedQueryCall.parameters("UserName", spec.string("user"))) != null;
    }

    @Override
    public void apply(ActionSpec spec) {
        iam.call("DeleteLoginProfile", SignedQueryCall.parameters("UserName", spec.string("user")));
    }

    @PreDestroy
    void close() {
        iam.close();
    }
}
