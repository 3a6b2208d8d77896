package io.trailguard.remediation;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.trailguard.policy.ActionSpec;
import io.trailguard.predicates.AwsIdentifiers;
import io.trailguard.predicates.FullAccess;

/**
 * Sets a customer managed policy's default version back from one granting full access ({@code *} on {@code *}),
 * while that version is still the default and its live document still grants it. IAM keeps no record of which
 * version was default before, so the version restored is the newest other one whose document does not grant full
 * access: the one an ordinary update made default before the change. With no such version it fails, and the alert
 * says so; the offending version is kept (not deleted) as evidence.
 */
@ApplicationScoped
public class RestorePolicyVersion implements ActionExecutor {

    public static final String NAME = "iam.restore-policy-version";

    private final SignedQueryCall iam;
    private final ObjectMapper mapper;

    public RestorePolicyVersion(AwsClientConfig config, AccountCredentials credentials, ObjectMapper mapper) {
        this.iam = SignedQueryCall.iam(config, credentials);
        this.mapper = mapper;
    }

    /** {@code versionId}: the version made default that should not be. */
    public static ActionSpec spec(String policyArn, String versionId) {
        return ActionSpec.of(NAME, "policy-arn", policyArn, "version-id", versionId);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Permission> permissions() {
        return List.of(new Permission("iam:GetPolicy", "${policy-arn}"), new Permission("iam:GetPolicyVersion", "${policy-arn}"),
                new Permission("iam:ListPolicyVersions", "${policy-arn}"), new Permission("iam:SetDefaultPolicyVersion", "${policy-arn}"));
    }

    @Override
    public String refusal(ActionSpec spec) {
        return ParamCheck.first(
                ParamCheck.string(spec, "policy-arn", AwsIdentifiers::isCustomerPolicyArn, "a customer managed policy ARN"),
                ParamCheck.string(spec, "version-id", AwsIdentifiers::isPolicyVersionId, "a policy version id (v1, v2…)"));
    }

    @Override
    public String target(ActionSpec spec) {
        return "default version of " + spec.string("policy-arn") + " (now " + spec.string("version-id") + ")";
    }

    @Override
    public boolean needed(ActionSpec spec) {
        String arn = spec.string("policy-arn");
        String version = spec.string("version-id");
        String policy = iam.callUnless("NoSuchEntity", "GetPolicy", SignedQueryCall.parameters("PolicyArn", arn));
        return policy != null && version.equals(SignedQueryCall.text(policy, "DefaultVersionId")) && grantsFullAccess(arn, version);
    }

    @Override
    public void apply(ActionSpec spec) {
        String arn = spec.string("policy-arn");
        String bad = spec.string("version-id");
        List<Version> others = iam.members("ListPolicyVersions", SignedQueryCall.parameters("PolicyArn", arn), "Versions").stream()
                .map(Version::of)
                .filter(v -> !bad.equals(v.id()))
                .sorted(Comparator.comparing(Version::created, Comparator.nullsFirst(Comparator.naturalOrder()))
                        .thenComparing(v -> Long.parseLong(v.id().substring(1))).reversed())
                .toList();
        String restore = others.stream().map(Version::id).filter(v -> !grantsFullAccess(arn, v)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no other version of " + arn + " without full access to set back"));
        iam.call("SetDefaultPolicyVersion", SignedQueryCall.parameters("PolicyArn", arn, "VersionId", restore));
    }

    /** A version as ListPolicyVersions lists it: its id ({@code v3}) and creation time (null when unreadable). */
    private record Version(String id, Instant created) {

        static Version of(String member) {
            String created = SignedQueryCall.text(member, "CreateDate");
            try {
                return new Version(SignedQueryCall.text(member, "VersionId"), created == null ? null : OffsetDateTime.parse(created).toInstant());
            } catch (DateTimeParseException e) {
                return new Version(SignedQueryCall.text(member, "VersionId"), null);
            }
        }
    }

    private boolean grantsFullAccess(String arn, String version) {
        String document = SignedQueryCall.text(iam.call("GetPolicyVersion", SignedQueryCall.parameters("PolicyArn", arn, "VersionId", version)),
                "Document");
        if (document == null) {
            return false;
        }
        // IAM returns it URL-encoded (RFC 3986)
        String json = document.trim().startsWith("{") ? document : URLDecoder.decode(document, StandardCharsets.UTF_8);
        return FullAccess.granted(mapper, json);
    }

    @PreDestroy
    void close() {
        iam.close();
    }
}
