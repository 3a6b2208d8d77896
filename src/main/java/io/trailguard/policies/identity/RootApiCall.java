package io.trailguard.policies.identity;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.Config;

import io.trailguard.event.CloudTrailDetail;
import io.trailguard.event.TrailEvent;
import io.trailguard.event.UserIdentity;
import io.trailguard.policy.Decision;
import io.trailguard.policy.HandlerNames;
import io.trailguard.policy.Mode;
import io.trailguard.policy.Policy;
import io.trailguard.policy.PolicySettings;
import io.trailguard.policy.ResourceRef;
import io.trailguard.policy.Severity;
import io.trailguard.policy.Setting;

/**
 * Any API call made by the root user itself (not by an AWS service on its behalf: {@code invokedBy} absent),
 * failed calls included: root credentials probing with refused calls are as alarming as working ones.
 * Console sign-ins are root-sign-in's. Read-only calls can be ignored to quiet a root console session.
 */
@ApplicationScoped
public class RootApiCall implements Policy {

    static final Setting<Boolean> IGNORE_READ_ONLY = Setting.bool("ignore-read-only", false);

    private final boolean ignoreReadOnly;

    public RootApiCall(Config config) {
        this.ignoreReadOnly = PolicySettings.of(name(), config).get(IGNORE_READ_ONLY);
    }

    @Override
    public String name() {
        return "root-api-call";
    }

    @Override
    public String handler() {
        return HandlerNames.IDENTITY;
    }

    @Override
    public String description() {
        return "API call made by the root user";
    }

    @Override
    public List<String> attackTechniques() {
        return List.of("T1078.004");
    }

    @Override
    public String pattern() {
        return """
                {"detail-type": ["AWS API Call via CloudTrail"],
                 "detail": {"userIdentity": {"type": ["Root"], "invokedBy": [{"exists": false}]}}}
                """;
    }

    @Override
    public List<String> actions() {
        return List.of();
    }

    @Override
    public List<String> resourceTypes() {
        return List.of(ResourceRef.IAM_ROOT_USER);
    }

    @Override
    public List<Setting<?>> settings() {
        return List.of(IGNORE_READ_ONLY);
    }

    @Override
    public Mode defaultMode() {
        return Mode.ALERT;
    }

    @Override
    public boolean decidesFailedCalls() {
        return true;
    }

    @Override
    public Decision decide(TrailEvent event) {
        CloudTrailDetail detail = event.detail();
        if (ignoreReadOnly && Boolean.TRUE.equals(detail.readOnly())) {
            return Decision.noMatch("read-only root call ignored (ignore-read-only)");
        }
        UserIdentity root = event.caller();
        String account = root.accountId() != null ? root.accountId() : event.account();
        String call = detail.eventSource() + " " + detail.eventName();
        String refused = detail.failed() ? ", refused with " + detail.errorCode() : "";
        return Decision.alert(Severity.HIGH, new ResourceRef(ResourceRef.IAM_ROOT_USER, account),
                "root user of account " + account + (detail.failed() ? " tried " : " called ") + call,
                List.of(call + " by root from " + detail.sourceIPAddress() + (root.accessKeyId() != null && root.accessKeyId().startsWith("AKIA")
                        ? " with root access key " + root.accessKeyId() : "") + ", MFA " + (root.mfaAuthenticated() ? "used" : "not used") + refused));
    }
}
