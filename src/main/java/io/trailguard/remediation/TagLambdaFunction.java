package io.trailguard.remediation;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.trailguard.policy.ActionSpec;
import io.trailguard.predicates.AwsIdentifiers;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/**
 * Adds tags to a Lambda function by ARN; TagResource adds, it never drops other tags. Lambda's REST JSON API as signed
 * calls ({@link SignedJsonCall}), without the SDK's client.
 */
@ApplicationScoped
public class TagLambdaFunction implements ActionExecutor {

    public static final String NAME = "lambda.tag-function";

    private final SignedJsonCall lambda;

    @Inject
    public TagLambdaFunction(AwsClientConfig config, AccountCredentials credentials) {
        this(SignedJsonCall.of("lambda", config, credentials));
    }

    TagLambdaFunction(SignedJsonCall lambda) {
        this.lambda = lambda;
    }

    public static ActionSpec spec(String functionArn, Map<String, String> tags) {
        return ActionSpec.of(NAME, "function-arn", functionArn, "tags", tags);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Permission> permissions() {
        return List.of(new Permission("lambda:ListTags", "${function-arn}"), new Permission("lambda:TagResource", "${function-arn}"));
    }

    @Override
    public String refusal(ActionSpec spec) {
        return ParamCheck.first(ParamCheck.string(spec, "function-arn", arn -> AwsIdentifiers.isArnOf(arn, "lambda"), "a Lambda function ARN"),
                ParamCheck.tags(spec));
    }

    @Override
    public String target(ActionSpec spec) {
        return spec.string("function-arn") + " " + spec.map("tags").keySet();
    }

    @Override
    public boolean needed(ActionSpec spec) {
        Map<String, String> tags = new HashMap<>();
        call(SdkHttpMethod.GET, "ListTags", spec.string("function-arn"), null).path("Tags").fields()
                .forEachRemaining(tag -> tags.put(tag.getKey(), tag.getValue().asText()));
        return !tags.entrySet().containsAll(spec.map("tags").entrySet());
    }

    @Override
    public void apply(ActionSpec spec) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        spec.map("tags").forEach(body.putObject("Tags")::put);
        call(SdkHttpMethod.POST, "TagResource", spec.string("function-arn"), body);
    }

    /** One call on the function's tags: the ARN, encoded, is the path's last segment. */
    private JsonNode call(SdkHttpMethod method, String operation, String functionArn, JsonNode body) {
        JsonNode members = JsonNodeFactory.instance.objectNode().put("Resource", functionArn);
        return lambda.rest(method, operation, "/2017-03-31/tags/" + SdkHttpUtils.urlEncode(functionArn), Map.of(), body,
                (region, account) -> IamCalls.resources("lambda:" + operation, members, region, account));
    }

    @PreDestroy
    void close() {
        lambda.close();
    }
}
