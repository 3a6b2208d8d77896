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
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * Removes the public statements from an ECR repository's policy, read live; deletes a policy left with none. ECR's
 * awsJson API as signed calls ({@link SignedJsonCall}) at its {@code api.ecr} host, without the SDK's client.
 */
@ApplicationScoped
public class RemovePublicRepositoryPolicyStatements implements ActionExecutor {

    public static final String NAME = "ecr.remove-public-policy-statements";

    private final SignedJsonCall ecr;
    private final ObjectMapper mapper;

    public RemovePublicRepositoryPolicyStatements(AwsClientConfig config, AccountCredentials credentials, ObjectMapper mapper) {
        this.ecr = SignedJsonCall.of("ecr", "api.ecr", config, credentials);
        this.mapper = mapper;
    }

    public static ActionSpec spec(String repository) {
        return ActionSpec.of(NAME, "repository", repository);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Permission> permissions() {
        String repository = "arn:aws:ecr:*:*:repository/${repository}";
        return List.of(new Permission("ecr:GetRepositoryPolicy", repository), new Permission("ecr:SetRepositoryPolicy", repository),
                new Permission("ecr:DeleteRepositoryPolicy", repository));
    }

    @Override
    public String refusal(ActionSpec spec) {
        return ParamCheck.string(spec, "repository", AwsIdentifiers::isEcrRepositoryName, "an ECR repository name");
    }

    @Override
    public String target(ActionSpec spec) {
        return spec.string("repository");
    }

    @Override
    public boolean needed(ActionSpec spec) {
        return PublicStatements.any(livePolicy(spec.string("repository")));
    }

    @Override
    public void apply(ActionSpec spec) {
        String repository = spec.string("repository");
        JsonNode policy = livePolicy(repository);
        if (policy == null) {
            return;
        }
        Optional<String> remaining = PublicStatements.without(policy);
        if (remaining.isPresent()) {
            ecr.target(SignedJsonCall.AwsJsonApi.ECR, "SetRepositoryPolicy", repository(repository).put("policyText", remaining.get()));
        } else {
            ecr.target(SignedJsonCall.AwsJsonApi.ECR, "DeleteRepositoryPolicy", repository(repository));
        }
    }

    private JsonNode livePolicy(String repository) {
        try {
            return PublicStatements.parse(mapper, ecr.target(SignedJsonCall.AwsJsonApi.ECR, "GetRepositoryPolicy", repository(repository))
                    .path("policyText").asText(null), "repository " + repository);
        } catch (AwsServiceException e) {
            if ("RepositoryPolicyNotFoundException".equals(e.awsErrorDetails().errorCode())) {
                return null;
            }
            throw e;
        }
    }

    private static ObjectNode repository(String repository) {
        return JsonNodeFactory.instance.objectNode().put("repositoryName", repository);
    }

    @PreDestroy
    void close() {
        ecr.close();
    }
}
