package io.trailguard.remediation;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.trailguard.policy.ActionSpec;
import io.trailguard.predicates.AwsIdentifiers;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;

/** Starts logging on a trail that was stopped. */
@ApplicationScoped
public class StartTrailLogging implements ActionExecutor {

    public static final String NAME = "cloudtrail.start-logging";

    private static final String TRAIL_ARN = "arn:aws:cloudtrail:*:*:trail/${trail}";

    private final CloudTrailClient cloudTrail;

    public StartTrailLogging(CloudTrailClient cloudTrail) {
        this.cloudTrail = cloudTrail;
    }

    public static ActionSpec spec(String trail) {
        return ActionSpec.of(NAME, "trail", trail);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Permission> permissions() {
        return List.of(new Permission("cloudtrail:GetTrailStatus", TRAIL_ARN), new Permission("cloudtrail:StartLogging", TRAIL_ARN));
    }

    @Override
    public String refusal(ActionSpec spec) {
        return ParamCheck.string(spec, "trail", AwsIdentifiers::isTrailNameOrArn, "a valid trail name or ARN");
    }

    @Override
    public String target(ActionSpec spec) {
        return spec.string("trail");
    }

    @Override
    public boolean needed(ActionSpec spec) {
        return !Boolean.TRUE.equals(cloudTrail.getTrailStatus(b -> b.name(spec.string("trail"))).isLogging());
    }

    @Override
    public void apply(ActionSpec spec) {
        cloudTrail.startLogging(b -> b.name(spec.string("trail")));
    }
}
