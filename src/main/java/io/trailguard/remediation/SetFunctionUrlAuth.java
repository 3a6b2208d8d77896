package io.trailguard.remediation;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.trailguard.policy.ActionSpec;
import io.trailguard.predicates.AwsIdentifiers;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.FunctionUrlAuthType;
import software.amazon.awssdk.services.lambda.model.GetFunctionUrlConfigRequest;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.UpdateFunctionUrlConfigRequest;

/**
 * Puts a Lambda function URL back behind IAM (auth type AWS_IAM): callers must sign their requests again. The
 * URL, its CORS settings and the function stay as they are.
 */
@ApplicationScoped
public class SetFunctionUrlAuth implements ActionExecutor {

    public static final String NAME = "lambda.set-function-url-auth";

    private final LambdaClient lambda;

    public SetFunctionUrlAuth(LambdaClient lambda) {
        this.lambda = lambda;
    }

    /** {@code qualifier} null for the URL of the unqualified function. */
    public static ActionSpec spec(String function, String qualifier) {
        return qualifier == null ? ActionSpec.of(NAME, "function", function)
                : ActionSpec.of(NAME, "function", function, "qualifier", qualifier);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Permission> permissions() {
        // the function may be named by name or by ARN, so the grant cannot be narrowed to it from the spec
        String function = "arn:aws:lambda:*:*:function:*";
        return List.of(new Permission("lambda:GetFunctionUrlConfig", function), new Permission("lambda:UpdateFunctionUrlConfig", function));
    }

    @Override
    public String refusal(ActionSpec spec) {
        return ParamCheck.first(ParamCheck.string(spec, "function", AwsIdentifiers::isLambdaFunction, "a Lambda function name or ARN"),
                spec.params().containsKey("qualifier")
                        ? ParamCheck.string(spec, "qualifier", AwsIdentifiers::isLambdaQualifier, "a Lambda version or alias")
                        : null);
    }

    @Override
    public String target(ActionSpec spec) {
        String qualifier = spec.string("qualifier");
        return "function URL of " + spec.string("function") + (qualifier == null ? "" : ":" + qualifier);
    }

    @Override
    public boolean needed(ActionSpec spec) {
        try {
            return lambda.getFunctionUrlConfig(GetFunctionUrlConfigRequest.builder().functionName(spec.string("function"))
                    .qualifier(spec.string("qualifier")).build()).authType() == FunctionUrlAuthType.NONE;
        } catch (ResourceNotFoundException e) {
            // the URL (or the function) is gone: nobody can call it
            return false;
        }
    }

    @Override
    public void apply(ActionSpec spec) {
        lambda.updateFunctionUrlConfig(UpdateFunctionUrlConfigRequest.builder().functionName(spec.string("function"))
                .qualifier(spec.string("qualifier")).authType(FunctionUrlAuthType.AWS_IAM).build());
    }
}
