package io.trailguard.policies.iam;

import java.util.List;

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
import io.trailguard.remediation.DeactivateAccessKey;

/**
 * New long-lived credentials: CreateAccessKey is alerted on and, in enforce mode, the new key is set
 * Inactive; CreateUser is alerted on. Alert by default: deactivating keys breaks whoever asked for them.
 */
@ApplicationScoped
public class NewCredentials implements Policy {

    @Override
    public String name() {
        return "iam-new-credentials";
    }

    @Override
    public String handler() {
        return HandlerNames.IAM;
    }

    @Override
    public String description() {
        return "IAM access key or user created";
    }

    @Override
    public List<String> attackTechniques() {
        // an access key is an additional cloud credential; a user, a new cloud account
        return List.of("T1098.001", "T1136.003");
    }

    @Override
    public String pattern() {
        return """
                {"source": ["aws.iam"],
                 "detail-type": ["AWS API Call via CloudTrail"],
                 "detail": {"eventSource": ["iam.amazonaws.com"], "eventName": ["CreateAccessKey", "CreateUser"]}}
                """;
    }

    @Override
    public List<String> actions() {
        return List.of(DeactivateAccessKey.NAME);
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
        // a refused key or user creation is someone trying to persist with credentials of their own
        return FailedCalls.ALERT;
    }

    @Override
    public List<String> findingTypes() {
        return List.of("TTPs/Persistence");
    }

    @Override
    public boolean alertsFromPattern() {
        // every successful CreateAccessKey/CreateUser is reported, so alert-only needs no function
        return true;
    }

    @Override
    public Decision decide(TrailEvent event) {
        CloudTrailDetail detail = event.detail();
        if ("CreateUser".equals(detail.eventName())) {
            String user = detail.requestParameter("userName");
            if (user == null) {
                return Decision.noMatch("no userName in requestParameters");
            }
            // an invalid name is still alerted (fail closed); the exemption tag is then not read
            return Decision.alert(Severity.MEDIUM, new ResourceRef(ResourceRef.IAM_USER, user), "IAM user " + user + " created",
                    List.of("user " + user + " created by " + by(event.caller())));
        }
        String keyId = detail.responseElement("accessKey", "accessKeyId");
        String requestedUser = detail.requestParameter("userName");
        String user = requestedUser != null ? requestedUser : detail.responseElement("accessKey", "userName");
        if (keyId == null) {
            return detail.failed() ? refusedKey(event, requestedUser) : Decision.noMatch("no accessKey.accessKeyId in responseElements");
        }
        UserIdentity caller = event.caller();
        // root naming no user creates a root key, whatever the response calls its owner
        if (requestedUser == null && caller != null && "Root".equals(caller.type())) {
            // IAM cannot deactivate root keys; only the root user can
            String account = caller.accountId() != null ? caller.accountId() : event.account();
            return Decision.alert(Severity.CRITICAL, new ResourceRef(ResourceRef.IAM_ROOT_USER, account),
                    "access key " + keyId + " created for the root user", List.of("root access key " + keyId + " created"));
        }
        if (user == null) {
            return Decision.noMatch("no user name for access key " + keyId);
        }
        // an invalid key id or user name is still a finding (fail closed): DeactivateAccessKey refuses it
        return Decision.remediate(Severity.HIGH, new ResourceRef(ResourceRef.IAM_USER, user),
                "access key " + keyId + " created for user " + user,
                List.of("access key " + keyId + " created by " + by(caller)),
                List.of(DeactivateAccessKey.spec(user, keyId)));
    }

    /** A key creation that failed names no key: judged on whose key was asked for, with nothing to deactivate. */
    private static Decision refusedKey(TrailEvent event, String requestedUser) {
        UserIdentity caller = event.caller();
        if (requestedUser == null && caller != null && "Root".equals(caller.type())) {
            String account = caller.accountId() != null ? caller.accountId() : event.account();
            return Decision.alert(Severity.CRITICAL, new ResourceRef(ResourceRef.IAM_ROOT_USER, account),
                    "access key requested for the root user", List.of("root access key requested"));
        }
        String user = requestedUser != null ? requestedUser : caller == null ? null : caller.userName();
        if (user == null) {
            return Decision.noMatch("no user name for the access key requested");
        }
        return Decision.alert(Severity.HIGH, new ResourceRef(ResourceRef.IAM_USER, user), "access key requested for user " + user,
                List.of("access key for user " + user + " requested by " + by(caller)));
    }

    private static String by(UserIdentity caller) {
        return caller == null || caller.arn() == null ? "unknown caller" : caller.arn();
    }
}
