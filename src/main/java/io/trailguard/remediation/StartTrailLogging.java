package io.trailguard.remediation;

import java.util.List;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.trailguard.policy.ActionSpec;
import io.trailguard.predicates.AwsIdentifiers;

/**
 * Starts logging on a trail that was stopped. CloudTrail's awsJson API as signed calls ({@link SignedJsonCall}),
 * without the SDK's client.
 */
@ApplicationScoped
public class StartTrailLogging implements ActionExecutor {

    public static final String NAME = "cloudtrail.start-logging";

    private static final String TRAIL_ARN = "arn:aws:cloudtrail:*:*:trail/${trail}";

    private final SignedJsonCall cloudTrail;

    public StartTrailLogging(AwsClientConfig config, AccountCredentials credentials) {
        this.cloudTrail = SignedJsonCall.of("cloudtrail", config, credentials);
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
        return !cloudTrail.target(SignedJsonCall.AwsJsonApi.CLOUDTRAIL, "GetTrailStatus", trail(spec)).path("IsLogging").booleanValue();
    }

    @Override
    public void apply(ActionSpec spec) {
        cloudTrail.target(SignedJsonCall.AwsJsonApi.CLOUDTRAIL, "StartLogging", trail(spec));
    }

    private static ObjectNode trail(ActionSpec spec) {
        return JsonNodeFactory.instance.objectNode().put("Name", spec.string("trail"));
    }

    @PreDestroy
    void close() {
        cloudTrail.close();
    }
}
