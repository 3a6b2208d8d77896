package io.trailguard.policies.iam;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.Config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.trailguard.event.CloudTrailDetail;
import io.trailguard.event.TrailEvent;
import io.trailguard.policy.ActionSpec;
import io.trailguard.policy.Decision;
import io.trailguard.policy.FailedCalls;
import io.trailguard.policy.HandlerNames;
import io.trailguard.policy.Mode;
import io.trailguard.policy.Policy;
import io.trailguard.policy.PolicySettings;
import io.trailguard.policy.ResourceRef;
import io.trailguard.policy.Setting;
import io.trailguard.policy.Severity;
import io.trailguard.predicates.AwsIdentifiers;
import io.trailguard.predicates.RoleTrust;
import io.trailguard.remediation.RevokeRoleSessions;
import io.trailguard.remediation.StripRoleTrust;

/**
 * A role opened to outsiders: UpdateAssumeRolePolicy or CreateRole whose trust policy lets everyone ({@code *} not
 * pinned by a condition such as {@code aws:PrincipalOrgID}: CRITICAL) or an AWS principal of an account that is
 * neither the role's own nor trusted (HIGH) assume it. Enforce strips exactly those principals from the live trust
 * policy, then revokes the sessions already taken. Alert by default: a vendor integration is a foreign account
 * too, and revoking sessions ends the legitimate ones with the intruder's.
 */
@ApplicationScoped
public class RoleTrustOpened implements Policy {

    /** Accounts a role may trust besides its own (the organization's other accounts, known vendors). */
    static final Setting<List<String>> TRUSTED_ACCOUNTS = Setting.texts("trusted-accounts", List.of());

    private final ObjectMapper mapper;
    private final Set<String> trustedAccounts;

    public RoleTrustOpened(ObjectMapper mapper, Config config) {
        this.mapper = mapper;
        this.trustedAccounts = Set.copyOf(PolicySettings.of(name(), config).get(TRUSTED_ACCOUNTS));
    }

    @Override
    public String name() {
        return "iam-role-trust-opened";
    }

    @Override
    public String handler() {
        return HandlerNames.IAM;
    }

    @Override
    public String description() {
        return "IAM role trust policy lets everyone or an untrusted account assume the role";
    }

    @Override
    public String pattern() {
        return """
                {"source": ["aws.iam"],
                 "detail-type": ["AWS API Call via CloudTrail"],
                 "detail": {"eventSource": ["iam.amazonaws.com"], "eventName": ["UpdateAssumeRolePolicy", "CreateRole"]}}
                """;
    }

    @Override
    public List<String> actions() {
        return List.of(StripRoleTrust.NAME, RevokeRoleSessions.NAME);
    }

    @Override
    public List<String> resourceTypes() {
        return List.of(ResourceRef.IAM_ROLE);
    }

    @Override
    public List<Setting<?>> settings() {
        return List.of(TRUSTED_ACCOUNTS);
    }

    @Override
    public Mode defaultMode() {
        return Mode.ALERT;
    }

    @Override
    public FailedCalls failedCalls() {
        // a refused attempt to open a role is a backdoor being tried
        return FailedCalls.ALERT;
    }

    @Override
    public List<String> findingTypes() {
        return List.of("TTPs/Persistence");
    }

    @Override
    public List<String> attackTechniques() {
        // Additional Cloud Roles (a role handed to an outside account); the role then is a valid cloud account
        return List.of("T1098.003", "T1078.004");
    }

    @Override
    public Optional<String> runbook() {
        return Optional.of("https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_revoke-sessions.html");
    }

    @Override
    public Decision decide(TrailEvent event) {
        CloudTrailDetail detail = event.detail();
        String role = detail.requestParameter("roleName");
        String field = "CreateRole".equals(detail.eventName()) ? "assumeRolePolicyDocument" : "policyDocument";
        JsonNode document = detail.requestParameters() == null ? null : detail.requestParameters().get(field);
        if (role == null || role.isBlank() || document == null || document.isNull()) {
            return Decision.noMatch("no roleName or " + field + " in requestParameters");
        }
        JsonNode policy = parse(document);
        if (policy == null || !policy.isObject()) {
            return Decision.noMatch("refused: " + field + " is not a JSON policy document");
        }
        String owner = detail.recipientAccountId() != null ? detail.recipientAccountId() : event.account();
        boolean everyone = RoleTrust.openToEveryone(policy);
        List<String> accounts = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (String principal : RoleTrust.awsPrincipals(policy)) {
            String account = RoleTrust.accountOf(principal);
            if (account == null) {
                unknown.add(principal);
            } else if (!account.equals(owner) && !trustedAccounts.contains(account) && !accounts.contains(account)) {
                accounts.add(account);
            }
        }
        if (!everyone && accounts.isEmpty()) {
            return Decision.noMatch("trusted only by its own account, trusted accounts and services"
                    + (unknown.isEmpty() ? "" : "; principals naming no account left out: " + quoted(unknown)));
        }
        List<String> findings = new ArrayList<>();
        if (everyone) {
            findings.add("role " + role + " can be assumed by anyone (principal *)");
        }
        accounts.forEach(a -> findings.add("role " + role + " can be assumed from untrusted account " + a));
        if (!unknown.isEmpty()) {
            findings.add("principals naming no account left out: " + quoted(unknown));
        }
        // strip first, so no new session can be taken, then end the sessions already taken
        List<ActionSpec> actions = new ArrayList<>(List.of(StripRoleTrust.spec(role, everyone, accounts)));
        String time = detail.eventTime() != null ? detail.eventTime() : event.time();
        if (time != null) {
            actions.add(RevokeRoleSessions.spec(role, time));
        }
        return Decision.remediate(everyone ? Severity.CRITICAL : Severity.HIGH, new ResourceRef(ResourceRef.IAM_ROLE, role),
                "role " + role + (everyone ? " opened to everyone" : " opened to an untrusted account"), findings, actions);
    }

    /** CloudTrail logs the document as a JSON string; accept an object too. */
    private JsonNode parse(JsonNode document) {
        if (!document.isTextual()) {
            return document;
        }
        try {
            return mapper.readTree(document.asText());
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static String quoted(List<String> values) {
        return String.join(", ", values.stream().map(AwsIdentifiers::quote).toList());
    }
}
