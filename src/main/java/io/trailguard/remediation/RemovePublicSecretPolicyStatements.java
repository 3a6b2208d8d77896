package io.trailguard.remediation;

import java.util.List;
import java.util.Optional;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.trailguard.policy.ActionSpec;
import io.trailguard.predicates.AwsIdentifiers;

/**
 * Removes the public statements from a Secrets Manager secret's resource policy, read live; deletes a policy left with
 * none. Secrets Manager's awsJson API as signed calls ({@link SignedJsonCall}), without the SDK's client.
 */
@ApplicationScoped
public class RemovePublicSecretPolicyStatements implements ActionExecutor {

    public static final String NAME = "secretsmanager.remove-public-policy-statements";

    private final SignedJsonCall secrets;
    private final ObjectMapper mapper;

    public RemovePublicSecretPolicyStatements(AwsClientConfig config, AccountCredentials credentials, ObjectMapper mapper) {
        this.secrets = SignedJsonCall.of("secretsmanager", config, credentials);
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
            secrets.target(SignedJsonCall.AwsJsonApi.SECRETS_MANAGER, "PutResourcePolicy", secret(secretId).put("ResourcePolicy", remaining.get()));
        } else {
            secrets.target(SignedJsonCall.AwsJsonApi.SECRETS_MANAGER, "DeleteResourcePolicy", secret(secretId));
        }
    }

    private JsonNode livePolicy(String secretId) {
        return PublicStatements.parse(mapper, secrets.target(SignedJsonCall.AwsJsonApi.SECRETS_MANAGER, "GetResourcePolicy", secret(secretId))
                .path("ResourcePolicy").asText(null), "secret " + secretId);
    }

    private static ObjectNode secret(String secretId) {
        return JsonNodeFactory.instance.objectNode().put("SecretId", secretId);
    }

    @PreDestroy
    void close() {
        secrets.close();
    }
}
