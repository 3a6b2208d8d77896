package io.trailguard.remediation;

import java.util.Map;

import io.trailguard.policy.Remediation;
import software.amazon.awssdk.services.lambda.LambdaClient;

/** Adds tags to a Lambda function by ARN; TagResource adds, it never drops other tags. */
public record TagLambdaFunction(LambdaClient lambda, String functionArn, Map<String, String> tags) implements Remediation {

    public TagLambdaFunction {
        tags = Map.copyOf(tags);
    }

    @Override
    public String action() {
        return "lambda:TagResource";
    }

    @Override
    public String target() {
        return functionArn + " " + tags.keySet();
    }

    @Override
    public boolean needed() {
        return !lambda.listTags(b -> b.resource(functionArn)).tags().entrySet().containsAll(tags.entrySet());
    }

    @Override
    public void apply() {
        lambda.tagResource(b -> b.resource(functionArn).tags(tags));
    }
}
