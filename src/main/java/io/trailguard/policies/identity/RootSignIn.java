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

/** The root user signing in to the console, successfully or not: always critical, nothing to undo. */
@ApplicationScoped
public class RootSignIn implements Policy {

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
        return "Root user console sign-in, successful or failed";
    }

    @Override
    public String pattern() {
        return """
                {"source": ["aws.signin"],
                 "detail-type": ["AWS Console Sign In via CloudTrail"],
                 "detail": {"eventSource": ["signin.amazonaws.com"], "eventName": ["ConsoleLogin"],
                            "userIdentity": {"type": ["Root"]}}}
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
    public Decision decide(TrailEvent event) {
        CloudTrailDetail detail = event.detail();
        String outcome = detail.responseElement("ConsoleLogin");
        String account = event.caller().accountId() != null ? event.caller().accountId() : event.account();
        ResourceRef root = new ResourceRef(ResourceRef.IAM_ROOT_USER, account);
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
}
