package io.trailguard.remediation;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.trailguard.policy.ActionSpec;
import io.trailguard.predicates.AwsIdentifiers;
import io.trailguard.predicates.FullAccess;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;

/**
 * Deletes an inline policy, but only while its live document still is what the spec's {@code while} names
 * ({@code grants-full-access}: Action * on Resource *): a policy rewritten to something harmless since the
 * event is left alone.
 */
@ApplicationScoped
public class DeleteInlinePolicy implements ActionExecutor {

    public static final String NAME = "iam.delete-inline-policy";
    /** The one live condition it knows; a spec naming another is refused. */
    public static final String WHILE_GRANTS_FULL_ACCESS = "grants-full-access";

    private final IamClient iam;
    private final ObjectMapper mapper;

    public DeleteInlinePolicy(IamClient iam, ObjectMapper mapper) {
        this.iam = iam;
        this.mapper = mapper;
    }

    public static ActionSpec whileFullAccess(IamPrincipal principal, String policyName) {
        return ActionSpec.of(NAME, principal.kind().param(), principal.name(), "policy-name", policyName,
                "while", WHILE_GRANTS_FULL_ACCESS);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Permission> permissions() {
        List<Permission> permissions = new ArrayList<>(IamPrincipal.Kind.permissions(k -> "iam:Get" + k.api + "Policy"));
        permissions.addAll(IamPrincipal.Kind.permissions(k -> "iam:Delete" + k.api + "Policy"));
        return permissions;
    }

    @Override
    public String refusal(ActionSpec spec) {
        return ParamCheck.first(IamPrincipal.refusal(spec),
                ParamCheck.string(spec, "policy-name", AwsIdentifiers::isIamPolicyName, "a valid IAM policy name"),
                ParamCheck.string(spec, "while", WHILE_GRANTS_FULL_ACCESS::equals, WHILE_GRANTS_FULL_ACCESS));
    }

    @Override
    public String target(ActionSpec spec) {
        return "inline policy " + spec.string("policy-name") + " of " + IamPrincipal.of(spec);
    }

    @Override
    public boolean needed(ActionSpec spec) {
        IamPrincipal principal = IamPrincipal.of(spec);
        String policyName = spec.string("policy-name");
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
        return FullAccess.granted(mapper, decoded(document));
    }

    @Override
    public void apply(ActionSpec spec) {
        IamPrincipal principal = IamPrincipal.of(spec);
        String policyName = spec.string("policy-name");
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
