package io.trailguard.remediation;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.trailguard.policy.ActionSpec;
import io.trailguard.predicates.AwsIdentifiers;
import io.trailguard.predicates.FullAccess;

/**
 * Deletes an inline policy, but only while its live document still is what the spec's {@code while} names
 * ({@code grants-full-access}: Action * on Resource *): a policy rewritten to something harmless since the
 * event is left alone. IAM's query API as signed calls ({@link SignedQueryCall}).
 */
@ApplicationScoped
public class DeleteInlinePolicy implements ActionExecutor {

    public static final String NAME = "iam.delete-inline-policy";
    /** The one live condition it knows; a spec naming another is refused. */
    public static final String WHILE_GRANTS_FULL_ACCESS = "grants-full-access";

    private final SignedQueryCall iam;
    private final ObjectMapper mapper;

    public DeleteInlinePolicy(AwsClientConfig config, AccountCredentials credentials, ObjectMapper mapper) {
        this.iam = SignedQueryCall.iam(config, credentials);
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
        String answer = iam.callUnless("NoSuchEntity", "Get" + principal.kind().api + "Policy", parameters(principal, policyName));
        return answer != null && FullAccess.granted(mapper, decoded(SignedQueryCall.text(answer, "PolicyDocument")));
    }

    @Override
    public void apply(ActionSpec spec) {
        IamPrincipal principal = IamPrincipal.of(spec);
        String policyName = spec.string("policy-name");
        iam.call("Delete" + principal.kind().api + "Policy", parameters(principal, policyName));
    }

    private static Map<String, String> parameters(IamPrincipal principal, String policyName) {
        return SignedQueryCall.parameters(principal.nameParameter(), principal.name(), "PolicyName", policyName);
    }

    /** IAM returns policy documents URL-encoded (RFC 3986). */
    private static String decoded(String document) {
        if (document == null) {
            return "";
        }
        return document.trim().startsWith("{") ? document : URLDecoder.decode(document, StandardCharsets.UTF_8);
    }

    @PreDestroy
    void close() {
        iam.close();
    }
}
