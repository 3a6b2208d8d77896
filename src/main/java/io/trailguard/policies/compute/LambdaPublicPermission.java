package io.trailguard.policies.compute;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.Config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

import io.trailguard.event.CloudTrailDetail;
import io.trailguard.event.TrailEvent;
import io.trailguard.policy.Decision;
import io.trailguard.policy.FailedCalls;
import io.trailguard.policy.HandlerNames;
import io.trailguard.policy.Mode;
import io.trailguard.policy.Policy;
import io.trailguard.policy.PolicySettings;
import io.trailguard.policy.ResourceRef;
import io.trailguard.policy.Setting;
import io.trailguard.policy.Severity;
import io.trailguard.remediation.RemoveLambdaPermission;

/**
 * A Lambda function's resource policy opened by AddPermission: to anyone ({@code *}), to an account that is
 * neither the function's own nor trusted, or to an AWS service without a source (SourceArn, SourceAccount or
 * an organization) pinning which account's resources may call it. Enforce removes exactly that statement.
 */
@ApplicationScoped
public class LambdaPublicPermission implements Policy {

    /** Accounts a function may be shared with; a grant to any other account is a finding. */
    static final Setting<List<String>> TRUSTED_ACCOUNTS = Setting.texts("trusted-accounts", List.of());

    private static final Pattern SERVICE = Pattern.compile("[a-z0-9.-]+\\.amazon(aws)?\\.com(\\.cn)?");
    private static final Pattern ACCOUNT_PRINCIPAL = Pattern.compile("(\\d{12})|arn:aws[a-z-]*:(iam|sts)::(\\d{12}):.+");

    private final Set<String> trustedAccounts;

    public LambdaPublicPermission(Config config) {
        this.trustedAccounts = Set.copyOf(PolicySettings.of(name(), config).get(TRUSTED_ACCOUNTS));
    }

    @Override
    public String name() {
        return "lambda-public-permission";
    }

    @Override
    public String handler() {
        return HandlerNames.COMPUTE;
    }

    @Override
    public String description() {
        return "Lambda function made callable by anyone, by an untrusted account or by any account's service resources";
    }

    @Override
    public String pattern() {
        // the API's version is part of the event name: AddPermission20150331, AddPermission20150331v2
        return """
                {"source": ["aws.lambda"],
                 "detail-type": ["AWS API Call via CloudTrail"],
                 "detail": {"eventSource": ["lambda.amazonaws.com"], "eventName": [{"prefix": "AddPermission"}]}}
                """;
    }

    @Override
    public List<String> actions() {
        return List.of(RemoveLambdaPermission.NAME);
    }

    @Override
    public List<String> resourceTypes() {
        return List.of(ResourceRef.LAMBDA_FUNCTION);
    }

    @Override
    public List<Setting<?>> settings() {
        return List.of(TRUSTED_ACCOUNTS);
    }

    @Override
    public Mode defaultMode() {
        // a removed statement breaks whoever invokes through it: enforce once trusted-accounts fits the organization
        return Mode.ALERT;
    }

    @Override
    public FailedCalls failedCalls() {
        // a refused grant to * or to a foreign account is an attempt at a backdoor
        return FailedCalls.ALERT;
    }

    @Override
    public List<String> attackTechniques() {
        return List.of("T1098", "T1648");
    }

    @Override
    public Optional<String> runbook() {
        return Optional.of("https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html");
    }

    @Override
    public Decision decide(TrailEvent event) {
        CloudTrailDetail detail = event.detail();
        JsonNode request = detail.requestParameters() == null ? MissingNode.getInstance() : detail.requestParameters();
        String function = text(request, "functionName");
        String statementId = text(request, "statementId");
        String principal = text(request, "principal");
        if (function == null || statementId == null || principal == null) {
            return Decision.noMatch("no functionName, statementId or principal in requestParameters");
        }
        String owner = detail.recipientAccountId() != null ? detail.recipientAccountId() : event.account();
        Exposure exposure = exposure(principal, text(request, "sourceArn"), text(request, "sourceAccount"),
                text(request, "principalOrgID") != null || text(request, "eventSourceToken") != null, owner);
        if (exposure == null) {
            return Decision.noMatch("granted within the account, to a trusted account or to a service pinned to a source");
        }
        String action = text(request, "action") == null ? "?" : text(request, "action");
        // ids as given, valid or not (fail closed): the executor refuses an invalid one, so the finding is alerted and nothing removed
        return Decision.remediate(exposure.severity(), new ResourceRef(ResourceRef.LAMBDA_FUNCTION, function),
                "Lambda function " + function + " opened to " + exposure.who(),
                List.of("statement " + statementId + " grants " + action + " to " + exposure.who()),
                List.of(RemoveLambdaPermission.spec(function, statementId, text(request, "qualifier"))));
    }

    private record Exposure(Severity severity, String who) {
    }

    /** Null when the grant stays within the account, trusted accounts or a pinned source. */
    private Exposure exposure(String principal, String sourceArn, String sourceAccount, boolean pinnedOtherwise, String owner) {
        if (sourceAccount != null) {
            return inside(sourceAccount, owner) ? null : new Exposure(Severity.HIGH, principal + " on behalf of account " + sourceAccount);
        }
        String unpinned = "no SourceArn or SourceAccount";
        if (sourceArn != null) {
            String[] parts = sourceArn.split(":", -1);
            String account = parts.length > 4 ? parts[4] : "";
            if ("s3".equals(parts.length > 2 ? parts[2] : "") && account.isEmpty() && !sourceArn.contains("*")) {
                // a bucket ARN names no account, but one bucket, whose name is global
                return null;
            }
            if (!account.isEmpty() && !account.contains("*") && !account.contains("?")) {
                return inside(account, owner) ? null : new Exposure(Severity.HIGH, principal + " on behalf of " + sourceArn);
            }
            // arn:aws:execute-api:<region>::* and the like match the resources of every account
            unpinned = "SourceArn " + sourceArn + " names no account";
        }
        if (pinnedOtherwise) {
            return null;
        }
        if ("*".equals(principal)) {
            return new Exposure(Severity.HIGH, "anyone (*)");
        }
        if (SERVICE.matcher(principal).matches()) {
            return new Exposure(Severity.MEDIUM, principal + " of any account (" + unpinned + ")");
        }
        var account = ACCOUNT_PRINCIPAL.matcher(principal);
        if (account.matches()) {
            String id = account.group(1) != null ? account.group(1) : account.group(3);
            return inside(id, owner) ? null : new Exposure(Severity.HIGH, "untrusted account " + id);
        }
        // a principal of no form AWS documents cannot be judged inside: fail closed
        return new Exposure(Severity.HIGH, "unrecognized principal " + principal);
    }

    private boolean inside(String account, String owner) {
        return account.equals(owner) || trustedAccounts.contains(account);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isValueNode() && !value.isNull() && !value.asText().isBlank() ? value.asText() : null;
    }
}
