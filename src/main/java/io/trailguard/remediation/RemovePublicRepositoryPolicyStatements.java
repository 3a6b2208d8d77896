package io.trailguard.remediation;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.trailguard.policy.ActionSpec;
import io.trailguard.predicates.AwsIdentifiers;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.RepositoryPolicyNotFoundException;

/** Removes the public statements from an ECR repository's policy, read live; deletes a policy left with none. */
@ApplicationScoped
public class RemovePublicRepositoryPolicyStatements implements ActionExecutor {

    public static final String NAME = "ecr.remove-public-policy-statements";

    private final EcrClient ecr;
    private final ObjectMapper mapper;

    public RemovePublicRepositoryPolicyStatements(EcrClient ecr, ObjectMapper mapper) {
        this.ecr = ecr;
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
            ecr.setRepositoryPolicy(b -> b.repositoryName(repository).policyText(remaining.get()));
        } else {
            ecr.deleteRepositoryPolicy(b -> b.repositoryName(repository));
        }
    }

    private JsonNode livePolicy(String repository) {
        try {
            return PublicStatements.parse(mapper, ecr.getRepositoryPolicy(b -> b.repositoryName(repository)).policyText(),
                    "repository " + repository);
        } catch (RepositoryPolicyNotFoundException e) {
            return null;
        }
    }
}
