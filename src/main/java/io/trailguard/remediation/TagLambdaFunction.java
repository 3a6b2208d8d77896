package io.trailguard.remediation;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.trailguard.policy.ActionSpec;
import io.trailguard.predicates.AwsIdentifiers;
import software.amazon.awssdk.services.lambda.LambdaClient;

/** Adds tags to a Lambda function by ARN; TagResource adds, it never drops other tags. */
@ApplicationScoped
public class TagLambdaFunction implements ActionExecutor {

    public static final String NAME = "lambda.tag-function";

    private final LambdaClient lambda;

    public TagLambdaFunction(LambdaClient lambda) {
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
        return !lambda.listTags(b -> b.resource(spec.string("function-arn"))).tags().entrySet().containsAll(spec.map("tags").entrySet());
    }

    @Override
    public void apply(ActionSpec spec) {
        lambda.tagResource(b -> b.resource(spec.string("function-arn")).tags(spec.map("tags")));
    }
}
