package io.trailguard.remediation;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.trailguard.policy.ActionSpec;
import io.trailguard.predicates.AwsIdentifiers;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.GetPolicyRequest;
import software.amazon.awssdk.services.lambda.model.RemovePermissionRequest;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/**
 * Removes one statement, by its Sid, from a Lambda function's resource policy (of the function, or of the
 * version or alias it was added to); the function's other statements stay.
 */
@ApplicationScoped
public class RemoveLambdaPermission implements ActionExecutor {

    public static final String NAME = "lambda.remove-permission";

    private final LambdaClient lambda;
    private final ObjectMapper mapper;

    public RemoveLambdaPermission(LambdaClient lambda, ObjectMapper mapper) {
        this.lambda = lambda;
        this.mapper = mapper;
    }

    /** {@code qualifier} null for the unqualified function. */
    public static ActionSpec spec(String function, String statementId, String qualifier) {
        return qualifier == null ? ActionSpec.of(NAME, "function", function, "statement-id", statementId)
                : ActionSpec.of(NAME, "function", function, "statement-id", statementId, "qualifier", qualifier);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Permission> permissions() {
        // the function may be named by name or by ARN, so the grant cannot be narrowed to it from the spec
        String function = "arn:aws:lambda:*:*:function:*";
        return List.of(new Permission("lambda:GetPolicy", function), new Permission("lambda:RemovePermission", function));
    }

    @Override
    public String refusal(ActionSpec spec) {
        return ParamCheck.first(ParamCheck.string(spec, "function", AwsIdentifiers::isLambdaFunction, "a Lambda function name or ARN"),
                ParamCheck.string(spec, "statement-id", AwsIdentifiers::isLambdaStatementId, "a statement id"),
                spec.params().containsKey("qualifier")
                        ? ParamCheck.string(spec, "qualifier", AwsIdentifiers::isLambdaQualifier, "a Lambda version or alias")
                        : null);
    }

    @Override
    public String target(ActionSpec spec) {
        String qualifier = spec.string("qualifier");
        return spec.string("function") + (qualifier == null ? "" : ":" + qualifier) + " statement " + spec.string("statement-id");
    }

    @Override
    public boolean needed(ActionSpec spec) {
        String policy;
        try {
            policy = lambda.getPolicy(GetPolicyRequest.builder().functionName(spec.string("function"))
                    .qualifier(spec.string("qualifier")).build()).policy();
        } catch (ResourceNotFoundException e) {
            // no resource policy left (or no function): nothing grants anyone anything
            return false;
        }
        try {
            for (JsonNode statement : mapper.readTree(policy).path("Statement")) {
                if (spec.string("statement-id").equals(statement.path("Sid").asText(null))) {
                    return true;
                }
            }
            return false;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the resource policy of " + spec.string("function") + " is not JSON", e);
        }
    }

    @Override
    public void apply(ActionSpec spec) {
        lambda.removePermission(RemovePermissionRequest.builder().functionName(spec.string("function"))
                .statementId(spec.string("statement-id")).qualifier(spec.string("qualifier")).build());
    }
}
