package io.trailguard.remediation;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.trailguard.policy.ActionSpec;
import io.trailguard.predicates.AwsIdentifiers;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;

/** Deletes a user's console password (login profile), if the user still has one; the user and its keys stay. */
@ApplicationScoped
public class DeleteLoginProfile implements ActionExecutor {

    public static final String NAME = "iam.delete-login-profile";

    private static final String USER_ARN = "arn:aws:iam::*:user/${user}";

    private final IamClient iam;

    public DeleteLoginProfile(IamClient iam) {
        this.iam = iam;
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
        try {
            iam.getLoginProfile(b -> b.userName(spec.string("user")));
            return true;
        } catch (NoSuchEntityException e) {
            // no password (or no user) left to delete
            return false;
        }
    }

    @Override
    public void apply(ActionSpec spec) {
        iam.deleteLoginProfile(b -> b.userName(spec.string("user")));
    }
}
