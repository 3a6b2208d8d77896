package io.trailguard.remediation;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.trailguard.policy.ActionSpec;
import io.trailguard.predicates.AwsIdentifiers;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** Removes the public statements from a Secrets Manager secret's resource policy, read live; deletes a policy left with none. */
@ApplicationScoped
public class RemovePublicSecretPolicyStatements implements ActionExecutor {

    public static final String NAME = "secretsmanager.remove-public-policy-statements";

    private final SecretsManagerClient secrets;
    private final ObjectMapper mapper;

    public RemovePublicSecretPolicyStatements(SecretsManagerClient secrets, ObjectMapper mapper) {
        this.secrets = secrets;
        this.mapper = mapper;
    }

    public static ActionSpec spec(String secretId) {
        return ActionSpec.of(NAME, "secret-id", secretId);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Permission> permissions() {
        // a secret's ARN ends in a random suffix its name does not carry
        String secret = "arn:aws:secretsmanager:*:*:secret:*";
        return List.of(new Permission("secretsmanager:GetResourcePolicy", secret), new Permission("secretsmanager:PutResourcePolicy", secret),
                new Permission("secretsmanager:DeleteResourcePolicy", secret));
    }

    @Override
    public String refusal(ActionSpec spec) {
        return ParamCheck.string(spec, "secret-id", AwsIdentifiers::isSecretId, "a secret name or ARN");
    }

    @Override
    public String target(ActionSpec spec) {
        return spec.string("secret-id");
    }

    @Override
    public boolean needed(ActionSpec spec) {
        return PublicStatements.any(livePolicy(spec.string("secret-id")));
    }

    @Override
    public void apply(ActionSpec spec) {
        String secretId = spec.string("secret-id");
        JsonNode policy = livePolicy(secretId);
        if (policy == null) {
            return;
        }
        Optional<String> remaining = PublicStatements.without(policy);
        if (remaining.isPresent()) {
            secrets.putResourcePolicy(b -> b.secretId(secretId).resourcePolicy(remaining.get()));
        } else {
            secrets.deleteResourcePolicy(b -> b.secretId(secretId));
        }
    }

    private JsonNode livePolicy(String secretId) {
        return PublicStatements.parse(mapper, secrets.getResourcePolicy(b -> b.secretId(secretId)).resourcePolicy(), "secret " + secretId);
    }
}
