package io.trailguard.policies.identity;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

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
import io.trailguard.policy.Setting;
import io.trailguard.policy.Severity;
import io.trailguard.policy.Threshold;
import io.trailguard.predicates.AwsIdentifiers;

/**
 * A burst of calls refused for lack of permission by one principal: {@code threshold} within {@code window}
 * (default 20 in 5 minutes), counted across function instances. Stolen keys are tried that way, service after
 * service, to learn what they may do. Calls by AWS services on a principal's behalf, and by default the calls the
 * console makes while a page loads (a user opening a page they lack rights to sees a dozen denials at once), are
 * not counted.
 */
@ApplicationScoped
public class AccessDeniedBurst implements Policy {

    static final Setting<Integer> THRESHOLD = Setting.integer("threshold", 20);
    static final Setting<Duration> WINDOW = Setting.duration("window", Duration.ofMinutes(5));
    /** Count the denials of console page loads too: off by default, they are how a console user finds a missing right. */
    static final Setting<Boolean> CONSOLE_CALLS = Setting.bool("console-calls", false);

    /** The error codes of a refused authorization, as services spell them. */
    static final Set<String> DENIED = Set.of("AccessDenied", "AccessDeniedException", "UnauthorizedOperation",
            "Client.UnauthorizedOperation");

    private final Threshold threshold;
    private final boolean consoleCalls;

    public AccessDeniedBurst(Config config) {
        PolicySettings settings = PolicySettings.of(name(), config);
        this.threshold = new Threshold(Math.max(1, settings.get(THRESHOLD)), settings.get(WINDOW), Threshold.GroupBy.PRINCIPAL);
        this.consoleCalls = settings.get(CONSOLE_CALLS);
    }

    @Override
    public String name() {
        return "access-denied-burst";
    }

    @Override
    public String handler() {
        return HandlerNames.IDENTITY;
    }

    @Override
    public String description() {
        return "A burst of calls denied for lack of permission by one principal within a time window (discovery with stolen credentials)";
    }

    @Override
    public String pattern() {
        return """
                {"detail-type": ["AWS API Call via CloudTrail"],
                 "detail": {"errorCode": ["AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "Client.UnauthorizedOperation"]}}
                """;
    }

    @Override
    public List<String> actions() {
        return List.of();
    }

    @Override
    public List<String> resourceTypes() {
        return List.of(ResourceRef.IAM_USER, "AWS::IAM::Principal");
    }

    @Override
    public List<Setting<?>> settings() {
        return List.of(THRESHOLD, WINDOW, CONSOLE_CALLS);
    }

    @Override
    public Mode defaultMode() {
        return Mode.ALERT;
    }

    /** Discovery calls are mostly Describe/List/Get: their denials are read-only events. */
    @Override
    public boolean readOnlyEvents() {
        return true;
    }

    @Override
    public boolean decidesFailedCalls() {
        return true;
    }

    @Override
    public Optional<Threshold> threshold() {
        return Optional.of(threshold);
    }

    @Override
    public List<String> attackTechniques() {
        // cloud infrastructure discovery, cloud service discovery, permission groups discovery: cloud groups
        return List.of("T1580", "T1526", "T1069.003");
    }

    @Override
    public List<String> findingTypes() {
        return List.of("TTPs/Discovery");
    }

    @Override
    public Decision decide(TrailEvent event) {
        CloudTrailDetail detail = event.detail();
        if (!DENIED.contains(detail.errorCode())) {
            return Decision.noMatch("not a denied authorization: errorCode " + detail.errorCode());
        }
        UserIdentity caller = event.caller();
        if (caller == null) {
            return Decision.noMatch("no userIdentity");
        }
        if ("AWSService".equals(caller.type()) || (caller.invokedBy() != null && caller.invokedBy().endsWith(".amazonaws.com"))) {
            // a service acting for the principal (CloudFormation, Config…): its denials follow the principal's template, not a search
            return Decision.noMatch("denied call made by an AWS service (" + (caller.invokedBy() != null ? caller.invokedBy() : caller.type()) + ")");
        }
        if (!consoleCalls && fromConsole(detail.userAgent())) {
            return Decision.noMatch("denied call of a console page load (console-calls false)");
        }
        String principal = principal(caller, event.account());
        if (principal == null) {
            return Decision.noMatch("no principal (arn or userName) in userIdentity");
        }
        ResourceRef resource = "IAMUser".equals(caller.type()) && AwsIdentifiers.isIamName(caller.userName())
                ? new ResourceRef(ResourceRef.IAM_USER, caller.userName())
                : new ResourceRef("AWS::IAM::Principal", principal);
        return Decision.alert(Severity.MEDIUM, resource, "denied call by " + principal,
                List.of(detail.errorCode() + " on " + detail.eventSource() + " " + detail.eventName() + " from " + detail.sourceIPAddress()));
    }

    /** The user agents CloudTrail records for calls the AWS Management Console makes. */
    private static boolean fromConsole(String userAgent) {
        if (userAgent == null) {
            return false;
        }
        return "AWS Internal".equals(userAgent) || userAgent.startsWith("console.") || userAgent.contains("console.amazonaws.com")
                || userAgent.startsWith("[S3Console");
    }

    /** The principal's ARN, else account and user name. */
    private static String principal(UserIdentity caller, String account) {
        if (caller.arn() != null && !caller.arn().isBlank()) {
            return caller.arn();
        }
        if (caller.userName() == null || caller.userName().isBlank()) {
            return null;
        }
        return (caller.accountId() != null ? caller.accountId() : account) + ":" + caller.userName();
    }
}
