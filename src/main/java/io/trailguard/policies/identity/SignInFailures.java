package io.trailguard.policies.identity;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
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
import io.trailguard.predicates.AwsIdentifiers;

/**
 * Repeated failed console sign-ins for one principal: {@code threshold} failures within {@code window}
 * (default 5 in 15 minutes) is a finding. Counted in memory per function instance (see {@link FailedSignIns}).
 * Root failures are left to root-sign-in, which alerts on every one.
 */
@ApplicationScoped
public class SignInFailures implements Policy {

    /** This many failures for one principal within the window are a finding (counted per function instance). */
    static final Setting<Integer> THRESHOLD = Setting.integer("threshold", 5);
    static final Setting<Duration> WINDOW = Setting.duration("window", Duration.ofMinutes(15));

    private final FailedSignIns counter;

    public SignInFailures(Config config) {
        PolicySettings settings = PolicySettings.of(name(), config);
        this.counter = new FailedSignIns(Math.max(1, settings.get(THRESHOLD)), settings.get(WINDOW));
    }

    /** Forgets every counted failure, as a cold start would (tests that decide one sample at a time). */
    public void forgetAll() {
        counter.clear();
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
    public List<String> attackTechniques() {
        // repeated failed passwords for one principal: password guessing
        return List.of("T1110.001");
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
        int count = counter.record(principal, event.eventId(), time(detail.eventTime(), event.time()));
        String window = counter.window().toMinutes() + " min";
        if (count < counter.threshold()) {
            return Decision.noMatch("failure " + count + " of " + counter.threshold() + " within " + window + " for " + principal);
        }
        ResourceRef resource = "IAMUser".equals(caller.type()) && AwsIdentifiers.isIamName(caller.userName())
                ? new ResourceRef(ResourceRef.IAM_USER, caller.userName())
                : new ResourceRef("AWS::IAM::Principal", principal);
        return Decision.alert(Severity.HIGH, resource, count + " failed sign-ins for " + principal + " within " + window,
                List.of(count + " failed console sign-ins within " + window + ", the last from " + detail.sourceIPAddress()
                        + " (" + detail.errorMessage() + ")"));
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

    private static Instant time(String eventTime, String envelopeTime) {
        for (String candidate : new String[] { eventTime, envelopeTime }) {
            if (candidate != null) {
                try {
                    return Instant.parse(candidate);
                } catch (DateTimeParseException e) {
                    // try the next one
                }
            }
        }
        return Instant.now();
    }
}
