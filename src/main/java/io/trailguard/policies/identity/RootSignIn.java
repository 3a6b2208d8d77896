package io.trailguard.policies.identity;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.trailguard.event.CloudTrailDetail;
import io.trailguard.event.TrailEvent;
import io.trailguard.policy.Decision;
import io.trailguard.policy.HandlerNames;
import io.trailguard.policy.Mode;
import io.trailguard.policy.Policy;
import io.trailguard.policy.ResourceRef;
import io.trailguard.policy.Severity;

/**
 * The root user at the console sign-in, successfully or not: always critical, nothing to undo. Every sign-in
 * event of the root user counts (a failed MFA check, a password recovery…), not only ConsoleLogin; a passed
 * MFA check alone is no finding, since the ConsoleLogin completing that sign-in is alerted on.
 */
@ApplicationScoped
public class RootSignIn implements Policy {

    private static final String CONSOLE_LOGIN = "ConsoleLogin";
    private static final String CHECK_MFA = "CheckMfa";

    @Override
    public String name() {
        return "root-sign-in";
    }

    @Override
    public String handler() {
        return HandlerNames.IDENTITY;
    }

    @Override
    public String description() {
        return "Root user console sign-in event (sign-in, MFA check, password recovery…), successful or failed";
    }

    @Override
    public List<String> attackTechniques() {
        // the root user is a valid cloud account; its use is rare enough to be evidence
        return List.of("T1078.004");
    }

    @Override
    public String pattern() {
        return """
                {"source": ["aws.signin"],
                 "detail-type": ["AWS Console Sign In via CloudTrail"],
                 "detail": {"eventSource": ["signin.amazonaws.com"], "userIdentity": {"type": ["Root"]}}}
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
    public Mode defaultMode() {
        return Mode.ALERT;
    }

    @Override
    public boolean decidesFailedCalls() {
        // a sign-in attempt that logs an errorCode is still an attempt on the root user
        return true;
    }

    @Override
    public Decision decide(TrailEvent event) {
        CloudTrailDetail detail = event.detail();
        String name = detail.eventName();
        // sign-in events log their outcome under their own name: {"ConsoleLogin": "Success"}, {"CheckMfa": "Failure"}
        String outcome = detail.responseElement(name);
        String account = event.caller().accountId() != null ? event.caller().accountId() : event.account();
        ResourceRef root = new ResourceRef(ResourceRef.IAM_ROOT_USER, account);
        if (!CONSOLE_LOGIN.equals(name)) {
            return otherSignInEvent(detail, name, outcome, account, root);
        }
        List<String> findings = List.of("root sign-in " + outcome + " from " + detail.sourceIPAddress() + ", MFA used: "
                + SignIn.mfaUsed(detail) + ", user agent " + detail.userAgent());
        if ("Success".equals(outcome)) {
            return Decision.alert(Severity.CRITICAL, root, "root user of account " + account + " signed in", findings);
        }
        if ("Failure".equals(outcome)) {
            return Decision.alert(Severity.CRITICAL, root, "failed root sign-in to account " + account, findings);
        }
        return Decision.noMatch("no ConsoleLogin outcome in responseElements");
    }

    private static Decision otherSignInEvent(CloudTrailDetail detail, String name, String outcome, String account, ResourceRef root) {
        if (CHECK_MFA.equals(name) && "Success".equals(outcome)) {
            return Decision.noMatch("passed root MFA check: the ConsoleLogin completing the sign-in is alerted on");
        }
        String result = outcome != null ? " " + outcome : "";
        String reason = CHECK_MFA.equals(name) && "Failure".equals(outcome)
                ? "failed root MFA check for account " + account
                : "root sign-in event " + name + result + " for account " + account;
        return Decision.alert(Severity.CRITICAL, root, reason,
                List.of("root " + name + result + " from " + detail.sourceIPAddress() + (detail.errorMessage() != null ? " (" + detail.errorMessage() + ")" : "")
                        + ", user agent " + detail.userAgent()));
    }
}
