package io.trailguard.remediation;

import java.util.List;
import java.util.Map;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.trailguard.policy.ActionSpec;
import io.trailguard.predicates.AwsIdentifiers;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/**
 * Removes one statement, by its Sid, from a Lambda function's resource policy (of the function, or of the
 * version or alias it was added to); the function's other statements stay. Lambda's REST JSON API as signed calls
 * ({@link SignedJsonCall}), without the SDK's client.
 */
@ApplicationScoped
public class RemoveLambdaPermission implements ActionExecutor {

    public static final String NAME = "lambda.remove-permission";

    private final SignedJsonCall lambda;
    private final ObjectMapper mapper;

    @Inject
    public RemoveLambdaPermission(AwsClientConfig config, AccountCredentials credentials, ObjectMapper mapper) {
        this(SignedJsonCall.of("lambda", config, credentials), mapper);
    }

    RemoveLambdaPermission(SignedJsonCall lambda, ObjectMapper mapper) {
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
            policy = call(SdkHttpMethod.GET, "GetPolicy", spec, "/policy").path("Policy").asText(null);
        } catch (AwsServiceException e) {
            if ("ResourceNotFoundException".equals(e.awsErrorDetails().errorCode())) {
                // no resource policy left (or no function): nothing grants anyone anything
                return false;
            }
            throw e;
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
        call(SdkHttpMethod.DELETE, "RemovePermission", spec, "/policy/" + SdkHttpUtils.urlEncode(spec.string("statement-id")));
    }

    /**
     * One call on the resource policy of the function (name or ARN, encoded in the path), of its qualifier when the
     * spec names one; {@code subresource} is the path after the function.
     */
    private JsonNode call(SdkHttpMethod method, String operation, ActionSpec spec, String subresource) {
        String function = spec.string("function");
        String qualifier = spec.string("qualifier");
        String path = "/2015-03-31/functions/" + SdkHttpUtils.urlEncode(function) + subresource
                + (qualifier == null ? "" : "?Qualifier=" + SdkHttpUtils.urlEncode(qualifier));
        JsonNode members = JsonNodeFactory.instance.objectNode().put("FunctionName", function);
        return lambda.rest(method, operation, path, Map.of(), null,
                (region, account) -> IamCalls.resources("lambda:" + operation, members, region, account));
    }

    @PreDestroy
    void close() {
        lambda.close();
    }
}
