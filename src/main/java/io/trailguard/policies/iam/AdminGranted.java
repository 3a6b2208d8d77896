package io.trailguard.policies.iam;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.Config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

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
import io.trailguard.predicates.FullAccess;
import io.trailguard.remediation.DeleteInlinePolicy;
import io.trailguard.remediation.DetachManagedPolicy;
import io.trailguard.remediation.IamPrincipal;

/**
 * Administrator access granted: an administrator managed policy attached to a user, role or group, or an
 * inline policy allowing {@code Action: "*"} on {@code Resource: "*"}. Enforce detaches or deletes it.
 */
@ApplicationScoped
public class AdminGranted implements Policy {

    static final Setting<List<String>> ADMIN_POLICY_ARNS = Setting.texts("admin-policy-arns", List.of("arn:aws:iam::aws:policy/AdministratorAccess"));

    private final ObjectMapper mapper;
    private final List<String> adminPolicyArns;

    public AdminGranted(ObjectMapper mapper, Config config) {
        this.mapper = mapper;
        this.adminPolicyArns = PolicySettings.of(name(), config).get(ADMIN_POLICY_ARNS);
    }

    @Override
    public String name() {
        return "iam-admin-granted";
    }

    @Override
    public String handler() {
        return HandlerNames.IAM;
    }

    @Override
    public String description() {
        return "Administrator access granted to an IAM user, role or group";
    }

    @Override
    public List<String> attackTechniques() {
        return List.of("T1098.003");
    }

    @Override
    public String pattern() {
        return """
                {"source": ["aws.iam"],
                 "detail-type": ["AWS API Call via CloudTrail"],
                 "detail": {"eventSource": ["iam.amazonaws.com"],
                            "eventName": ["AttachUserPolicy", "AttachRolePolicy", "AttachGroupPolicy",
                                          "PutUserPolicy", "PutRolePolicy", "PutGroupPolicy"]}}
                """;
    }

    @Override
    public List<String> actions() {
        return List.of(DetachManagedPolicy.NAME, DeleteInlinePolicy.NAME);
    }

    @Override
    public List<String> resourceTypes() {
        return List.of(ResourceRef.IAM_USER, ResourceRef.IAM_ROLE, ResourceRef.IAM_GROUP);
    }

    @Override
    public List<Setting<?>> settings() {
        return List.of(ADMIN_POLICY_ARNS);
    }

    @Override
    public Mode defaultMode() {
        return Mode.ALERT;
    }

    @Override
    public FailedCalls failedCalls() {
        // a refused grant of administrator access is privilege escalation being tried
        return FailedCalls.ALERT;
    }

    @Override
    public List<String> findingTypes() {
        return List.of("TTPs/Privilege Escalation");
    }

    @Override
    public Decision decide(TrailEvent event) {
        CloudTrailDetail detail = event.detail();
        IamPrincipal principal = principal(detail);
        if (principal == null) {
            return Decision.noMatch("no userName, roleName or groupName in requestParameters");
        }
        // invalid names are judged like any other (fail closed): the executors refuse them, so nothing is done on them
        if (detail.eventName().startsWith("Attach")) {
            String arn = detail.requestParameter("policyArn");
            // only an exact administrator ARN is a finding, so an invalid ARN is none
            if (arn == null || !adminPolicyArns.contains(arn)) {
                return Decision.noMatch("attached policy is not an administrator policy");
            }
            return Decision.remediate(Severity.CRITICAL, principal.resource(), "administrator policy attached to " + principal,
                    List.of(arn + " attached to " + principal), List.of(DetachManagedPolicy.spec(principal, arn)));
        }
        String policyName = detail.requestParameter("policyName");
        JsonNode document = detail.requestParameters().get("policyDocument");
        if (policyName == null || document == null) {
            return Decision.noMatch("no policyName or policyDocument in requestParameters");
        }
        if (!FullAccess.granted(parse(document))) {
            return Decision.noMatch("inline policy does not allow * on *");
        }
        return Decision.remediate(Severity.CRITICAL, principal.resource(), "inline full-access policy put on " + principal,
                List.of("inline policy " + policyName + " allows Action * on Resource *"),
                List.of(DeleteInlinePolicy.whileFullAccess(principal, policyName)));
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

    private static IamPrincipal principal(CloudTrailDetail detail) {
        String name = detail.eventName();
        if (name.endsWith("UserPolicy")) {
            return named(IamPrincipal.Kind.USER, detail.requestParameter("userName"));
        }
        if (name.endsWith("RolePolicy")) {
            return named(IamPrincipal.Kind.ROLE, detail.requestParameter("roleName"));
        }
        if (name.endsWith("GroupPolicy")) {
            return named(IamPrincipal.Kind.GROUP, detail.requestParameter("groupName"));
        }
        return null;
    }

    private static IamPrincipal named(IamPrincipal.Kind kind, String name) {
        return name == null || name.isBlank() ? null : new IamPrincipal(kind, name);
    }
}
