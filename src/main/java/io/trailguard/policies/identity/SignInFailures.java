package io.trailguard.policies.identity;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

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
import io.trailguard.policy.Threshold;
import io.trailguard.predicates.AwsIdentifiers;

/**
 * Repeated failed console sign-ins for one principal: {@code threshold} failures within {@code window}
 * (default 5 in 15 minutes) is a finding. Each failure is one matching decision; the engine counts them per
 * principal in the function's counter store (the shared DynamoDB table in production), so failures spread over
 * several function instances add up. Root failures are left to root-sign-in, which alerts on every one.
 */
@ApplicationScoped
public class SignInFailures implements Policy {

    /** This many failures for one principal within the window are a finding. */
    static final Setting<Integer> THRESHOLD = Setting.integer("threshold", 5);
    static final Setting<Duration> WINDOW = Setting.duration("window", Duration.ofMinutes(15));

    private final Threshold threshold;

    public SignInFailures(Config config) {
        PolicySettings settings = PolicySettings.of(name(), config);
        this.threshold = new Threshold(Math.max(1, settings.get(THRESHOLD)), settings.get(WINDOW), Threshold.GroupBy.PRINCIPAL);
    }
    @Override
    public String name() {
        return "sign-in-failures";
    }

    @Override
    public String handler() {
        return HandlerNames.IDENTITY;
    }

    @Override
    public String description() {
        return "Repeated failed console sign-ins for one principal within a time window";
    }

    @Override
    public String pattern() {
        return """
                {"source": ["aws.signin"],
                 "detail-type": ["AWS Console Sign In via CloudTrail"],
                 "detail": {"eventSource": ["signin.amazonaws.com"], "eventName": ["ConsoleLogin"],
                            "userIdentity": {"type": [{"anything-but": ["Root"]}]},
                            "responseElements": {"ConsoleLogin": ["Failure"]}}}
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
        return List.of(THRESHOLD, WINDOW);
    }

    @Override
    public Optional<Threshold> threshold() {
        return Optional.of(threshold);
    }

    @Override
    public List<String> attackTechniques() {
        // brute force: password guessing (T1110.001) and spraying (T1110.003) both show as repeated failures
        return List.of("T1110");
    }

    @Override
    public Mode defaultMode() {
        return Mode.ALERT;
    }

    @Override
    public Decision decide(TrailEvent event) {
        if (event.isReplay()) {
            // archived failures would mix with live ones in the window
            return Decision.noMatch("replayed sign-in failures are not counted");
        }
        UserIdentity caller = event.caller();
        String principal = principal(caller, event.account());
        if (principal == null) {
            return Decision.noMatch("no principal (arn or userName) in userIdentity");
        }
        CloudTrailDetail detail = event.detail();
        ResourceRef resource = "IAMUser".equals(caller.type()) && AwsIdentifiers.isIamName(caller.userName())
                ? new ResourceRef(ResourceRef.IAM_USER, caller.userName())
                : new ResourceRef("AWS::IAM::Principal", principal);
        return Decision.alert(Severity.HIGH, resource, "failed console sign-in for " + principal,
                List.of("failed console sign-in from " + detail.sourceIPAddress() + " (" + detail.errorMessage() + ")"));
    }

    /** The principal's ARN, else account and user name (failed IAM user sign-ins often carry no ARN). */
    private static String principal(UserIdentity caller, String account) {
        if (caller == null) {
            return null;
        }
        if (caller.arn() != null && !caller.arn().isBlank()) {
            return caller.arn();
        }
        if (caller.userName() == null || caller.userName().isBlank()) {
            return null;
        }
        return (caller.accountId() != null ? caller.accountId() : account) + ":" + caller.userName();
    }
}
