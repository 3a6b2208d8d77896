package io.trailguard.policies.iam;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

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
import io.trailguard.policy.ResourceRef;
import io.trailguard.policy.Severity;
import io.trailguard.predicates.FullAccess;
import io.trailguard.remediation.RestorePolicyVersion;

/**
 * Administrator access slipped into a managed policy that is already attached somewhere: CreatePolicyVersion set as
 * default whose document allows {@code *} on {@code *} (CRITICAL), and SetDefaultPolicyVersion, whose event does
 * not carry the document (MEDIUM: the executor judges the now-default version live and acts only if it grants full
 * access). Attaching an administrator policy is iam-admin-granted's. Enforce sets an earlier version back as the
 * default; alert by default, as the version restored is the newest harmless one, which IAM cannot confirm was the
 * default before.
 */
@ApplicationScoped
public class AdminPolicyVersion implements Policy {

    private final ObjectMapper mapper;

    public AdminPolicyVersion(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public String name() {
        return "iam-admin-policy-version";
    }

    @Override
    public String handler() {
        return HandlerNames.IAM;
    }

    @Override
    public String description() {
        return "Managed policy version granting full access made default";
    }

    @Override
    public String pattern() {
        return """
                {"source": ["aws.iam"],
                 "detail-type": ["AWS API Call via CloudTrail"],
                 "detail": {"eventSource": ["iam.amazonaws.com"], "eventName": ["CreatePolicyVersion", "SetDefaultPolicyVersion"]}}
                """;
    }

    @Override
    public List<String> actions() {
        return List.of(RestorePolicyVersion.NAME);
    }

    @Override
    public List<String> resourceTypes() {
        // no tag reader: exempt a policy by ARN (exemptions.resources), not by tag
        return List.of(ResourceRef.IAM_MANAGED_POLICY);
    }

    @Override
    public Mode defaultMode() {
        return Mode.ALERT;
    }

    @Override
    public FailedCalls failedCalls() {
        // a refused policy version change is privilege escalation being tried
        return FailedCalls.ALERT;
    }

    @Override
    public List<String> findingTypes() {
        return List.of("TTPs/Privilege Escalation");
    }

    @Override
    public List<String> attackTechniques() {
        // Additional Cloud Roles: ATT&CK names CreatePolicyVersion as its AWS example
        return List.of("T1098.003");
    }

    @Override
    public Optional<String> runbook() {
        return Optional.of("https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-versioning.html");
    }

    @Override
    public Decision decide(TrailEvent event) {
        CloudTrailDetail detail = event.detail();
        String arn = detail.requestParameter("policyArn");
        if (arn == null || arn.isBlank()) {
            return Decision.noMatch("no policyArn in requestParameters");
        }
        if ("SetDefaultPolicyVersion".equals(detail.eventName())) {
            String version = detail.requestParameter("versionId");
            if (version == null) {
                return Decision.noMatch("no versionId in requestParameters");
            }
            return Decision.remediate(Severity.MEDIUM, policy(arn), "default version of " + arn + " set to " + version,
                    List.of("default version of " + arn + " set to " + version + "; set back only if its live document grants * on *"),
                    List.of(RestorePolicyVersion.spec(arn, version)));
        }
        if (!detail.requestParameters().path("setAsDefault").asBoolean(false)) {
            return Decision.noMatch("new version not set as default");
        }
        if (!FullAccess.granted(parse(detail.requestParameters().get("policyDocument")))) {
            return Decision.noMatch("new default version does not allow * on *");
        }
        String version = detail.responseElement("policyVersion", "versionId");
        if (version == null) {
            // a failed call created no version: the attempt is alerted, with nothing to set back
            return Decision.alert(Severity.CRITICAL, policy(arn), "full-access version of " + arn + " made default",
                    List.of("new default version of " + arn + " allows Action * on Resource *"));
        }
        return Decision.remediate(Severity.CRITICAL, policy(arn), "full-access version of " + arn + " made default",
                List.of("new default version " + version + " of " + arn + " allows Action * on Resource *"),
                List.of(RestorePolicyVersion.spec(arn, version)));
    }

    private static ResourceRef policy(String arn) {
        return new ResourceRef(ResourceRef.IAM_MANAGED_POLICY, arn);
    }

    /** CloudTrail logs the document as a JSON string; accept an object too. */
    private JsonNode parse(JsonNode document) {
        if (document == null || !document.isTextual()) {
            return document;
        }
        try {
            return mapper.readTree(document.asText());
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
