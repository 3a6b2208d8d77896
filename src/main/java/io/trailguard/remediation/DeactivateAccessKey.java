package io.trailguard.remediation;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.trailguard.policy.ActionSpec;
import io.trailguard.predicates.AwsIdentifiers;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.StatusType;

/** Sets an access key Inactive (reversible, unlike deleting it). */
@ApplicationScoped
public class DeactivateAccessKey implements ActionExecutor {

    public static final String NAME = "iam.deactivate-access-key";

    private static final String USER_ARN = "arn:aws:iam::*:user/${user}";

    private final IamClient iam;

    public DeactivateAccessKey(IamClient iam) {
        this.iam = iam;
    }

    public static ActionSpec spec(String user, String accessKeyId) {
        return ActionSpec.of(NAME, "user", user, "access-key-id", accessKeyId);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Permission> permissions() {
        return List.of(new Permission("iam:ListAccessKeys", USER_ARN), new Permission("iam:UpdateAccessKey", USER_ARN));
    }

    @Override
    public String refusal(ActionSpec spec) {
        return ParamCheck.first(ParamCheck.string(spec, "user", AwsIdentifiers::isIamName, "a valid IAM name"),
                ParamCheck.string(spec, "access-key-id", AwsIdentifiers::isAccessKeyId, "a valid access key id"));
    }

    @Override
    public String target(ActionSpec spec) {
        return "access key " + spec.string("access-key-id") + " of user " + spec.string("user");
    }

    @Override
    public boolean needed(ActionSpec spec) {
        String keyId = spec.string("access-key-id");
        return iam.listAccessKeys(b -> b.userName(spec.string("user"))).accessKeyMetadata().stream()
                .anyMatch(k -> keyId.equals(k.accessKeyId()) && k.status() == StatusType.ACTIVE);
    }

    @Override
    public void apply(ActionSpec spec) {
        iam.updateAccessKey(b -> b.userName(spec.string("user")).accessKeyId(spec.string("access-key-id")).status(StatusType.INACTIVE));
    }
}
