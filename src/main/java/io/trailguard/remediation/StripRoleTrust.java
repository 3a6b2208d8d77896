package io.trailguard.remediation;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.trailguard.policy.ActionSpec;
import io.trailguard.predicates.AwsIdentifiers;
import io.trailguard.predicates.RoleTrust;

/**
 * Takes the principals a role should not trust out of its LIVE trust policy, re-read just before: {@code *} where
 * it lets everyone in ({@code everyone}), and every AWS principal of the given {@code accounts}, matched by account
 * (IAM stores a bare account id as {@code arn:aws:iam::<id>:root}). Every other principal, statement and
 * condition stays as it is.
 */
@ApplicationScoped
public class StripRoleTrust implements ActionExecutor {

    public static final String NAME = "iam.strip-role-trust";

    private static final String ROLE_ARN = "arn:aws:iam::*:role/${role}";

    private final SignedQueryCall iam;
    private final ObjectMapper mapper;

    public StripRoleTrust(AwsClientConfig config, AccountCredentials credentials, ObjectMapper mapper) {
        this.iam = SignedQueryCall.iam(config, credentials);
        this.mapper = mapper;
    }

    public static ActionSpec spec(String role, boolean everyone, List<String> accounts) {
        return ActionSpec.of(NAME, "role", role, "everyone", String.valueOf(everyone), "accounts", accounts);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Permission> permissions() {
        return List.of(new Permission("iam:GetRole", ROLE_ARN), new Permission("iam:UpdateAssumeRolePolicy", ROLE_ARN));
    }

    @Override
    public String refusal(ActionSpec spec) {
        String refusal = ParamCheck.first(ParamCheck.string(spec, "role", AwsIdentifiers::isIamName, "a valid IAM name"),
                ParamCheck.string(spec, "everyone", v -> v.equals("true") || v.equals("false"), "true or false"),
                ParamCheck.optionalStrings(spec, "accounts", AwsIdentifiers::isAccountId, "a 12-digit account id"));
        if (refusal == null && !everyone(spec) && spec.strings("accounts").isEmpty()) {
            return "nothing to strip: everyone is false and no account is given";
        }
        return refusal;
    }

    @Override
    public String target(ActionSpec spec) {
        String what = everyone(spec) ? spec.strings("accounts").isEmpty() ? "*" : "* and accounts " + spec.strings("accounts")
                : "accounts " + spec.strings("accounts");
        return "trust policy of role " + spec.string("role") + ": " + what;
    }

    @Override
    public boolean needed(ActionSpec spec) {
        ObjectNode live = liveTrust(spec.string("role"));
        return live != null && !live.equals(stripped(live, spec));
    }

    @Override
    public void apply(ActionSpec spec) {
        String role = spec.string("role");
        ObjectNode live = liveTrust(role);
        if (live == null) {
            return;
        }
        String document = stripped(live, spec).toString();
        iam.call("UpdateAssumeRolePolicy", SignedQueryCall.parameters("RoleName", role, "PolicyDocument", document));
    }

    private ObjectNode liveTrust(String role) {
        String answer = iam.callUnless("NoSuchEntity", "GetRole", SignedQueryCall.parameters("RoleName", role));
        if (answer == null) {
            return null;
        }
        String document = SignedQueryCall.text(answer, "AssumeRolePolicyDocument");
        if (document == null) {
            throw new IllegalStateException("IAM's answer for role " + role + " holds no trust policy");
        }
        // IAM returns it URL-encoded (RFC 3986)
        String json = document.trim().startsWith("{") ? document : URLDecoder.decode(document, StandardCharsets.UTF_8);
        JsonNode policy;
        try {
            policy = mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the live trust policy of role " + role + " is not JSON", e);
        }
        if (!(policy instanceof ObjectNode object)) {
            throw new IllegalStateException("the live trust policy of role " + role + " is not a JSON object");
        }
        return object;
    }

    private static JsonNode stripped(ObjectNode live, ActionSpec spec) {
        return RoleTrust.stripped(live, everyone(spec), Set.copyOf(spec.strings("accounts")));
    }

    private static boolean everyone(ActionSpec spec) {
        return "true".equals(spec.string("everyone"));
    }

    @PreDestroy
    void close() {
        iam.close();
    }
}
