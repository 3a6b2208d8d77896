package io.trailguard.remediation;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.trailguard.policy.ActionSpec;
import io.trailguard.predicates.AwsIdentifiers;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;

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

    private final IamClient iam;
    private final ObjectMapper mapper;

    public RevokeRoleSessions(IamClient iam, ObjectMapper mapper) {
        this.iam = iam;
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
        String document;
        try {
            iam.getRole(b -> b.roleName(role));
        } catch (NoSuchEntityException e) {
            return false;
        }
        try {
            document = iam.getRolePolicy(b -> b.roleName(role).policyName(POLICY_NAME)).policyDocument();
        } catch (NoSuchEntityException e) {
            return true;
        }
        Instant revokedBefore = revokedBefore(document);
        return revokedBefore == null || !revokedBefore.isAfter(Instant.parse(spec.string("since")));
    }

    @Override
    public void apply(ActionSpec spec) {
        // now, not the event time: the sessions an intruder took between the event and this call are the ones to end
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        String document = """
                {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": ["*"], "Resource": ["*"],
                 "Condition": {"DateLessThan": {"aws:TokenIssueTime": "%s"}}}]}""".formatted(now);
        iam.putRolePolicy(b -> b.roleName(spec.string("role")).policyName(POLICY_NAME).policyDocument(document));
    }

    /** The time before which an existing revocation policy denies sessions; null when it says none. */
    private Instant revokedBefore(String document) {
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
}
