package io.trailguard.policies.compute;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

import io.trailguard.event.CloudTrailDetail;
import io.trailguard.event.TrailEvent;
import io.trailguard.policy.Decision;
import io.trailguard.policy.FailedCalls;
import io.trailguard.policy.HandlerNames;
import io.trailguard.policy.Mode;
import io.trailguard.policy.Policy;
import io.trailguard.policy.ResourceRef;
import io.trailguard.policy.Severity;
import io.trailguard.remediation.SetFunctionUrlAuth;

/**
 * A Lambda function URL created or changed to auth type NONE: anyone on the internet can call the function.
 * Enforce puts the URL back behind IAM (AWS_IAM).
 */
@ApplicationScoped
public class LambdaFunctionUrlPublic implements Policy {

    @Override
    public String name() {
        return "lambda-function-url-public";
    }

    @Override
    public String handler() {
        return HandlerNames.COMPUTE;
    }

    @Override
    public String description() {
        return "Lambda function URL that anyone can call (auth type NONE)";
    }

    @Override
    public String pattern() {
        // the API's version is part of the event name: CreateFunctionUrlConfig20211031
        return """
                {"source": ["aws.lambda"],
                 "detail-type": ["AWS API Call via CloudTrail"],
                 "detail": {"eventSource": ["lambda.amazonaws.com"],
                            "eventName": [{"prefix": "CreateFunctionUrlConfig"}, {"prefix": "UpdateFunctionUrlConfig"}]}}
                """;
    }

    @Override
    public List<String> actions() {
        return List.of(SetFunctionUrlAuth.NAME);
    }

    @Override
    public List<String> resourceTypes() {
        return List.of(ResourceRef.LAMBDA_FUNCTION);
    }

    @Override
    public Mode defaultMode() {
        // webhooks are legitimately public: enforce where no function should be
        return Mode.ALERT;
    }

    @Override
    public FailedCalls failedCalls() {
        // a refused public URL is someone trying to open an entry point
        return FailedCalls.ALERT;
    }

    @Override
    public List<String> attackTechniques() {
        return List.of("T1098", "T1648");
    }

    @Override
    public Optional<String> runbook() {
        return Optional.of("https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html");
    }

    @Override
    public Decision decide(TrailEvent event) {
        CloudTrailDetail detail = event.detail();
        JsonNode request = detail.requestParameters() == null ? MissingNode.getInstance() : detail.requestParameters();
        String function = text(request, "functionName");
        if (function == null) {
            return Decision.noMatch("no functionName in requestParameters");
        }
        String authType = text(request, "authType");
        if (!"NONE".equalsIgnoreCase(String.valueOf(authType))) {
            // an update that leaves authType out keeps the URL's auth as it was
            return Decision.noMatch("auth type " + (authType == null ? "unchanged" : authType) + ", not NONE");
        }
        String qualifier = text(request, "qualifier");
        String url = detail.responseElement("functionUrl");
        String named = function + (qualifier == null ? "" : ":" + qualifier);
        return Decision.remediate(Severity.HIGH, new ResourceRef(ResourceRef.LAMBDA_FUNCTION, function),
                "function URL of " + named + " allows unauthenticated calls",
                List.of("function URL " + (url == null ? "" : url + " ") + "of " + named + " has auth type NONE"),
                List.of(SetFunctionUrlAuth.spec(function, qualifier)));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isValueNode() && !value.isNull() && !value.asText().isBlank() ? value.asText() : null;
    }
}
