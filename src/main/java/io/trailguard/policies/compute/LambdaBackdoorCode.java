package io.trailguard.policies.compute;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.Config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

import io.trailguard.event.CloudTrailDetail;
import io.trailguard.event.TrailEvent;
import io.trailguard.event.UserIdentity;
import io.trailguard.policy.Decision;
import io.trailguard.policy.FailedCalls;
import io.trailguard.policy.Glob;
import io.trailguard.policy.HandlerNames;
import io.trailguard.policy.Mode;
import io.trailguard.policy.Policy;
import io.trailguard.policy.PolicySettings;
import io.trailguard.policy.ResourceRef;
import io.trailguard.policy.Setting;
import io.trailguard.policy.Severity;
import io.trailguard.predicates.AwsIdentifiers;

/**
 * Code slipped into a Lambda function: a layer from an account that is neither the function's own nor trusted
 * added by UpdateFunctionConfiguration (a layer or extension runs inside every invocation), or the code
 * replaced by UpdateFunctionCode by a principal outside the configured deployers. Alerted only: the previous
 * code cannot be told from the event, so there is nothing safe to put back.
 */
@ApplicationScoped
public class LambdaBackdoorCode implements Policy {

    /** Accounts whose layers may be used besides the function's own (vendors', AWS's published layers). */
    static final Setting<List<String>> TRUSTED_ACCOUNTS = Setting.texts("trusted-accounts", List.of());
    /**
     * Who deploys function code ({@code *}-globs of principal ARNs: the role behind a session, or the identity's own
     * ARN). Unset, code updates are not judged: without knowing the deployers every CI deploy would be a finding.
     */
    static final Setting<List<String>> DEPLOYERS = Setting.texts("deployers", List.of());

    private final Set<String> trustedAccounts;
    private final Glob deployers;

    public LambdaBackdoorCode(Config config) {
        PolicySettings settings = PolicySettings.of(name(), config);
        this.trustedAccounts = Set.copyOf(settings.get(TRUSTED_ACCOUNTS));
        this.deployers = Glob.of(settings.get(DEPLOYERS));
    }

    @Override
    public String name() {
        return "lambda-backdoor-code";
    }

    @Override
    public String handler() {
        return HandlerNames.COMPUTE;
    }

    @Override
    public String description() {
        return "Lambda function given a layer from an untrusted account, or new code by someone who is not a deployer";
    }

    @Override
    public String pattern() {
        // the API's version is part of the event name: UpdateFunctionConfiguration20150331v2, UpdateFunctionCode20150331v2
        return """
                {"source": ["aws.lambda"],
                 "detail-type": ["AWS API Call via CloudTrail"],
                 "detail": {"eventSource": ["lambda.amazonaws.com"],
                            "eventName": [{"prefix": "UpdateFunctionConfiguration"}, {"prefix": "UpdateFunctionCode"}]}}
                """;
    }

    @Override
    public List<String> actions() {
        return List.of();
    }

    @Override
    public List<String> resourceTypes() {
        return List.of(ResourceRef.LAMBDA_FUNCTION);
    }

    @Override
    public List<Setting<?>> settings() {
        return List.of(TRUSTED_ACCOUNTS, DEPLOYERS);
    }

    @Override
    public Mode defaultMode() {
        return Mode.ALERT;
    }

    @Override
    public FailedCalls failedCalls() {
        // a refused code or layer change by an outsider is someone trying to plant code
        return FailedCalls.ALERT;
    }

    @Override
    public List<String> attackTechniques() {
        return List.of("T1525", "T1648");
    }

    @Override
    public Decision decide(TrailEvent event) {
        CloudTrailDetail detail = event.detail();
        JsonNode request = detail.requestParameters() == null ? MissingNode.getInstance() : detail.requestParameters();
        String function = text(request, "functionName");
        if (function == null) {
            return Decision.noMatch("no functionName in requestParameters");
        }
        String owner = detail.recipientAccountId() != null ? detail.recipientAccountId() : event.account();
        if (detail.eventName().startsWith("UpdateFunctionCode")) {
            return codeUpdate(function, event.caller());
        }
        return layers(function, request.get("layers"), owner);
    }

    private Decision layers(String function, JsonNode layers, String owner) {
        if (layers == null || !layers.isArray()) {
            return Decision.noMatch("layers not changed");
        }
        List<String> findings = new ArrayList<>();
        List<String> invalid = new ArrayList<>();
        for (JsonNode layer : layers) {
            // a layer version ARN: arn:aws:lambda:<region>:<account>:layer:<name>:<version>
            String arn = layer.isTextual() ? layer.asText() : layer.path("arn").asText(null);
            String[] parts = arn == null ? new String[0] : arn.split(":", -1);
            if (!AwsIdentifiers.isArnOf(arn, "lambda") || parts.length < 7 || !"layer".equals(parts[5])) {
                invalid.add(String.valueOf(arn));
            } else if (!parts[4].equals(owner) && !trustedAccounts.contains(parts[4])) {
                findings.add("layer " + arn + " from untrusted account " + parts[4]);
            }
        }
        if (findings.isEmpty()) {
            return Decision.noMatch("layers only from the account or trusted accounts"
                    + (invalid.isEmpty() ? "" : ", and invalid layer ARNs " + quoted(invalid)));
        }
        if (!invalid.isEmpty()) {
            findings.add("invalid layer ARNs left out: " + quoted(invalid));
        }
        return Decision.alert(Severity.HIGH, new ResourceRef(ResourceRef.LAMBDA_FUNCTION, function),
                "Lambda function " + function + " given a layer from an untrusted account", findings);
    }

    private Decision codeUpdate(String function, UserIdentity caller) {
        if (deployers.isEmpty()) {
            return Decision.noMatch("no deployers configured: code updates are not judged");
        }
        String who = caller == null ? null : caller.issuerArn();
        if (caller != null && (deployers.matches(who) || deployers.matches(caller.arn()))) {
            return Decision.noMatch("code updated by a deployer");
        }
        String shown = who == null ? "an unknown principal" : who;
        return Decision.alert(Severity.HIGH, new ResourceRef(ResourceRef.LAMBDA_FUNCTION, function),
                "code of Lambda function " + function + " replaced by " + shown + ", not a deployer",
                List.of("code of " + function + " updated by " + shown + ", outside the configured deployers"));
    }

    private static String quoted(List<String> values) {
        return String.join(", ", values.stream().map(AwsIdentifiers::quote).toList());
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isValueNode() && !value.isNull() && !value.asText().isBlank() ? value.asText() : null;
    }
}
