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
 * An IAM user signing in to the console without MFA. Only IAM users: federated and SSO sign-ins
 * (AssumedRole, FederatedUser) authenticate at their identity provider, so their MFAUsed says nothing.
 */
@ApplicationScoped
public class SignInWithoutMfa implements Policy {

    @Override
    public String name() {
        return "sign-in-without-mfa";
    }

    @Override
    public String handler() {
        return HandlerNames.IDENTITY;
    }

    @Override
    public String description() {
        return "IAM user console sign-in without MFA";
    }

    @Override
    public List<String> attackTechniques() {
        return List.of("T1078.004");
    }

    @Override
    public String pattern() {
        return """
                {"source": ["aws.signin"],
                 "detail-type": ["AWS Console Sign In via CloudTrail"],
                 "detail": {"eventSource": ["signin.amazonaws.com"], "eventName": ["ConsoleLogin"],
                            "userIdentity": {"type": ["IAMUser"]},
                            "responseElements": {"ConsoleLogin": ["Success"]}}}
                """;
    }

    @Override
    public List<String> actions() {
        return List.of();
    }

    @Override
    public List<String> resourceTypes() {
        return List.of(ResourceRef.IAM_USER);
    }

    @Override
    public Mode defaultMode() {
        return Mode.ALERT;
    }

    @Override
    public Decision decide(TrailEvent event) {
        CloudTrailDetail detail = event.detail();
        String user = event.caller().userName();
        if (user == null || user.isBlank()) {
            return Decision.noMatch("no userName in userIdentity");
        }
        // an invalid name is still alerted (fail closed): the alert escapes it, the exemption-tag read refuses it
        String mfa = SignIn.mfaUsed(detail);
        if (mfa == null) {
            return Decision.noMatch("no MFAUsed in additionalEventData");
        }
        if (!"No".equalsIgnoreCase(mfa)) {
            return Decision.noMatch("MFA used");
        }
        return Decision.alert(Severity.HIGH, new ResourceRef(ResourceRef.IAM_USER, user),
                "IAM user " + user + " signed in without MFA",
                List.of("console sign-in without MFA from " + detail.sourceIPAddress() + ", user agent " + detail.userAgent()));
    }
}
