package io.trailguard.policies.iam;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.trailguard.event.CloudTrailDetail;
import io.trailguard.event.TrailEvent;
import io.trailguard.event.UserIdentity;
import io.trailguard.policy.Decision;
import io.trailguard.policy.FailedCalls;
import io.trailguard.policy.HandlerNames;
import io.trailguard.policy.Mode;
import io.trailguard.policy.Policy;
import io.trailguard.policy.ResourceRef;
import io.trailguard.policy.Severity;
import io.trailguard.remediation.DeleteLoginProfile;

/**
 * A console password set for someone else: CreateLoginProfile or UpdateLoginProfile whose {@code userName} is not
 * the calling IAM user itself. Whoever sets another user's password can sign in as that user. Enforce deletes the
 * login profile; alert by default, as an administrator setting a colleague's first password is routine and
 * deleting it on the spot locks that colleague out.
 */
@ApplicationScoped
public class LoginProfileForOtherUser implements Policy {

    @Override
    public String name() {
        return "iam-login-profile-for-other-user";
    }

    @Override
    public String handler() {
        return HandlerNames.IAM;
    }

    @Override
    public String description() {
        return "Console password created or changed for another IAM user";
    }

    @Override
    public String pattern() {
        return """
                {"source": ["aws.iam"],
                 "detail-type": ["AWS API Call via CloudTrail"],
                 "detail": {"eventSource": ["iam.amazonaws.com"], "eventName": ["CreateLoginProfile", "UpdateLoginProfile"]}}
                """;
    }

    @Override
    public List<String> actions() {
        return List.of(DeleteLoginProfile.NAME);
    }

    @Override
    public List<String> resourceTypes() {
        return List.of(ResourceRef.IAM_USER, ResourceRef.IAM_ROOT_USER);
    }

    @Override
    public Mode defaultMode() {
        return Mode.ALERT;
    }

    @Override
    public FailedCalls failedCalls() {
        // a refused password change on someone else's user is an attempt to take that user over
        return FailedCalls.ALERT;
    }

    @Override
    public List<String> findingTypes() {
        return List.of("TTPs/Persistence");
    }

    @Override
    public List<String> attackTechniques() {
        // Account Manipulation; the password then gives a valid cloud account
        return List.of("T1098", "T1078.004");
    }

    @Override
    public Optional<String> runbook() {
        return Optional.of("https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_admin-change-user.html");
    }

    @Override
    public Decision decide(TrailEvent event) {
        CloudTrailDetail detail = event.detail();
        String user = detail.requestParameter("userName");
        UserIdentity caller = event.caller();
        if (user == null || user.isBlank()) {
            // no userName is the caller's own password; for the root user (an AssumeRoot session) that is a root password
            if (caller != null && "Root".equals(caller.type())) {
                String account = caller.accountId() != null ? caller.accountId() : event.account();
                return Decision.alert(Severity.CRITICAL, new ResourceRef(ResourceRef.IAM_ROOT_USER, account),
                        "console password set for the root user", List.of("console password of the root user set by " + by(caller)));
            }
            return Decision.noMatch("no userName: the caller set its own password");
        }
        if (ownUser(caller, user, event)) {
            return Decision.noMatch("user " + user + " set its own password");
        }
        String verb = "CreateLoginProfile".equals(detail.eventName()) ? "created" : "changed";
        String resetRequired = detail.requestParameters().path("passwordResetRequired").asBoolean(false)
                ? " (reset required at next sign-in)" : "";
        // an invalid name is still alerted (fail closed): DeleteLoginProfile refuses it
        return Decision.remediate(Severity.HIGH, new ResourceRef(ResourceRef.IAM_USER, user),
                "console password " + verb + " for user " + user + " by another principal",
                List.of("console password of user " + user + " " + verb + " by " + by(caller) + resetRequired),
                List.of(DeleteLoginProfile.spec(user)));
    }

    private static String by(UserIdentity caller) {
        return caller == null || caller.arn() == null ? "unknown caller" : caller.arn();
    }

    /** The caller is that very IAM user of the same account; a role session or the root user never is. */
    private static boolean ownUser(UserIdentity caller, String user, TrailEvent event) {
        if (caller == null || !"IAMUser".equals(caller.type()) || !user.equals(caller.userName())) {
            return false;
        }
        String account = event.detail().recipientAccountId() != null ? event.detail().recipientAccountId() : event.account();
        return caller.accountId() == null || caller.accountId().equals(account);
    }
}
