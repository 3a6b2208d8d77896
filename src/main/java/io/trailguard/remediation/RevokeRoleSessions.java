package io.trailguard.remediation;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.trailguard.policy.ActionSpec;
import io.trailguard.predicates.AwsIdentifiers;

/**
 * Revokes a role's active sessions the way the IAM console does: an inline policy {@value #POLICY_NAME} denying
 * everything to sessions issued before now ({@code aws:TokenIssueTime}). Needed while the role has no such policy
 * or only one older than {@code since} (the event that opened the role): sessions taken since may be an intruder's.
 */
@ApplicationScoped
public class RevokeRoleSessions implements ActionExecutor {

    public static final String NAME = "iam.revoke-role-sessions";
    public static final String POLICY_NAME = "AWSRevokeOlderSessions";

    private static final String ROLE_ARN = "arn:aws:iam::*:role/${role}";

    private final SignedQueryCall iam;
    private final ObjectMapper mapper;

    public RevokeRoleSessions(AwsClientConfig config, AccountCredentials credentials, ObjectMapper mapper) {
        this.iam = SignedQueryCall.iam(config, credentials);
        this.mapper = mapper;
    }

    /** {@code since}: when the role was opened, ISO-8601 (the event time). */
    public static ActionSpec spec(String role, String since) {
        return ActionSpec.of(NAME, "role", role, "since", since);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Permission> permissions() {
        return List.of(new Permission("iam:GetRole", ROLE_ARN), new Permission("iam:GetRolePolicy", ROLE_ARN),
                new Permission("iam:PutRolePolicy", ROLE_ARN));
    }

    @Override
    public String refusal(ActionSpec spec) {
        return ParamCheck.first(ParamCheck.string(spec, "role", AwsIdentifiers::isIamName, "a valid IAM name"),
                ParamCheck.string(spec, "since", RevokeRoleSessions::isInstant, "an ISO-8601 time"));
    }

    @Override
    public String target(ActionSpec spec) {
        return "sessions of role " + spec.string("role") + " issued before now";
    }

    @Override
    public boolean needed(ActionSpec spec) {
        String role = spec.string("role");
        if (iam.callUnless("NoSuchEntity", "GetRole", SignedQueryCall.parameters("RoleName", role)) == null) {
            return false;
        }
        String policy = iam.callUnless("NoSuchEntity", "GetRolePolicy", SignedQueryCall.parameters("RoleName", role, "PolicyName", POLICY_NAME));
        if (policy == null) {
            return true;
        }
        Instant revokedBefore = revokedBefore(SignedQueryCall.text(policy, "PolicyDocument"));
        return revokedBefore == null || !revokedBefore.isAfter(Instant.parse(spec.string("since")));
    }

    @Override
    public void apply(ActionSpec spec) {
        // now, not the event time: the sessions an intruder took between the event and this call are the ones to end
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        String document = """
                {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": ["*"], "Resource": ["*"],
                 "Condition": {"DateLessThan": {"aws:TokenIssueTime": "%s"}}}]}""".formatted(now);
        iam.call("PutRolePolicy", SignedQueryCall.parameters("RoleName", spec.string("role"), "PolicyName", POLICY_NAME,
                "PolicyDocument", document));
    }

    /** The time before which an existing revocation policy denies sessions; null when it says none. */
    private Instant revokedBefore(String document) {
        if (document == null) {
            return null;
        }
        String json = document.trim().startsWith("{") ? document : URLDecoder.decode(document, StandardCharsets.UTF_8);
        try {
            String time = mapper.readTree(json).findPath("aws:TokenIssueTime").asText(null);
            return time == null ? null : Instant.parse(time);
        } catch (JsonProcessingException | DateTimeParseException e) {
            return null;
        }
    }

    private static boolean isInstant(String value) {
        try {
            Instant.parse(value);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    @PreDestroy
    void close() {
        iam.close();
    }
}
