package io.trailguard.remediation;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;

import io.trailguard.policy.Remediation;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;

/**
 * Deletes an inline policy, but only while its live document still matches {@code stillBad}: a policy
 * rewritten to something harmless since the event is left alone.
 */
public record DeleteInlinePolicy(IamClient iam, IamPrincipal principal, String policyName, Predicate<String> stillBad)
        implements Remediation {

    @Override
    public String action() {
        return "iam:Delete" + principal.kind().api + "Policy";
    }

    @Override
    public String target() {
        return "inline policy " + policyName + " of " + principal;
    }

    @Override
    public boolean needed() {
        String document;
        try {
            document = switch (principal.kind()) {
                case USER -> iam.getUserPolicy(b -> b.userName(principal.name()).policyName(policyName)).policyDocument();
                case ROLE -> iam.getRolePolicy(b -> b.roleName(principal.name()).policyName(policyName)).policyDocument();
                case GROUP -> iam.getGroupPolicy(b -> b.groupName(principal.name()).policyName(policyName)).policyDocument();
            };
        } catch (NoSuchEntityException e) {
            return false;
        }
        return stillBad.test(decoded(document));
    }

    @Override
    public void apply() {
        switch (principal.kind()) {
            case USER -> iam.deleteUserPolicy(b -> b.userName(principal.name()).policyName(policyName));
            case ROLE -> iam.deleteRolePolicy(b -> b.roleName(principal.name()).policyName(policyName));
            case GROUP -> iam.deleteGroupPolicy(b -> b.groupName(principal.name()).policyName(policyName));
        }
    }

    /** IAM returns policy documents URL-encoded (RFC 3986). */
    private static String decoded(String document) {
        if (document == null) {
            return "";
        }
        return document.trim().startsWith("{") ? document : URLDecoder.decode(document, StandardCharsets.UTF_8);
    }
}
