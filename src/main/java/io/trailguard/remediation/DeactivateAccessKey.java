package io.trailguard.remediation;

import java.util.List;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.trailguard.policy.ActionSpec;
import io.trailguard.predicates.AwsIdentifiers;

/** Sets an access key Inactive (reversible, unlike deleting it). IAM's query API as signed calls ({@link SignedQueryCall}). */
@ApplicationScoped
public class DeactivateAccessKey implements ActionExecutor {

    public static final String NAME = "iam.deactivate-access-key";

    private static final String USER_ARN = "arn:aws:iam::*:user/${user}";

    private final SignedQueryCall iam;

    public DeactivateAccessKey(AwsClientConfig config, AccountCredentials credentials) {
        this.iam = SignedQueryCall.iam(config, credentials);
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
        return iam.members("ListAccessKeys", SignedQueryCall.parameters("UserName", spec.string("user")), "AccessKeyMetadata").stream()
                .anyMatch(k -> keyId.equals(SignedQueryCall.text(k, "AccessKeyId")) && "Active".equals(SignedQueryCall.text(k, "Status")));
    }

    @Override
    public void apply(ActionSpec spec) {
        iam.call("UpdateAccessKey", SignedQueryCall.parameters("UserName", spec.string("user"), "AccessKeyId", spec.string("access-key-id"),
                "Status", "Inactive"));
    }

    @PreDestroy
    void close() {
        iam.close();
    }
}
