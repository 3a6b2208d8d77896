package io.trailguard.remediation;

import java.util.List;
import java.util.Map;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.trailguard.policy.ActionSpec;
import io.trailguard.predicates.AwsIdentifiers;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/**
 * Puts a Lambda function URL back behind IAM (auth type AWS_IAM): callers must sign their requests again. The
 * URL, its CORS settings and the function stay as they are. Lambda's REST JSON API as signed calls
 * ({@link SignedJsonCall}), without the SDK's client.
 */
@ApplicationScoped
public class SetFunctionUrlAuth implements ActionExecutor {

    public static final String NAME = "lambda.set-function-url-auth";

    private final SignedJsonCall lambda;

    @Inject
    public SetFunctionUrlAuth(AwsClientConfig config, AccountCredentials credentials) {
        this(SignedJsonCall.of("lambda", config, credentials));
    }

    SetFunctionUrlAuth(SignedJsonCall lambda) {
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
            return "NONE".equals(call(SdkHttpMethod.GET, "GetFunctionUrlConfig", spec, null).path("AuthType").asText());
        } catch (AwsServiceException e) {
            if ("ResourceNotFoundException".equals(e.awsErrorDetails().errorCode())) {
                // the URL (or the function) is gone: nobody can call it
                return false;
            }
            throw e;
        }
    }

    @Override
    public void apply(ActionSpec spec) {
        call(SdkHttpMethod.PUT, "UpdateFunctionUrlConfig", spec, JsonNodeFactory.instance.objectNode().put("AuthType", "AWS_IAM"));
    }

    /** One call on the URL config of the function (name or ARN, encoded in the path), of its qualifier when the spec names one. */
    private JsonNode call(SdkHttpMethod method, String operation, ActionSpec spec, JsonNode body) {
        String function = spec.string("function");
        String qualifier = spec.string("qualifier");
        String path = "/2021-10-31/functions/" + SdkHttpUtils.urlEncode(function) + "/url"
                + (qualifier == null ? "" : "?Qualifier=" + SdkHttpUtils.urlEncode(qualifier));
        JsonNode members = JsonNodeFactory.instance.objectNode().put("FunctionName", function);
        return lambda.rest(method, operation, path, Map.of(), body,
                (region, account) -> IamCalls.resources("lambda:" + operation, members, region, account));
    }

    @PreDestroy
    void close() {
        lambda.close();
    }
}
