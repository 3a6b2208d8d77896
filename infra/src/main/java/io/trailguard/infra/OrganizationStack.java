package io.trailguard.infra;

import java.util.List;
import java.util.Map;

import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.events.EventBus;
import software.amazon.awscdk.services.iam.AnyPrincipal;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.constructs.Construct;

/**
 * The central security account, one region: a custom event bus that only the organization's accounts may
 * put events on, and trailguard listening on it, assuming each member account's remediation role to act there.
 */
public class OrganizationStack extends Stack {

    private final EventBus bus;
    private final Interception interception;

    public OrganizationStack(Construct scope, String id, StackProps props, Catalog catalog, Settings settings, String region) {
        super(scope, id, props);
        String organization = settings.organizationId()
                .orElseThrow(() -> new IllegalArgumentException("deployment=organization needs -c organizationId=o-..."));
        bus = EventBus.Builder.create(this, "CentralBus").eventBusName(settings.busName()).build();
        bus.addToResourcePolicy(PolicyStatement.Builder.create().sid("OrganizationAccountsPutEvents").effect(Effect.ALLOW)
                .principals(List.of(new AnyPrincipal())).actions(List.of("events:PutEvents"))
                .resources(List.of(bus.getEventBusArn()))
                .conditions(Map.of("StringEquals", Map.of("aws:PrincipalOrgID", organization))).build());
        interception = new Interception(this, "Interception", catalog, settings, region, bus, true);
        if (settings.replayTrailBucket().isPresent() && region.equals(settings.regions().get(0))) {
            // the organization trail's bucket (often in a log-archive account) must also grant the replay role s3:GetObject
            new BatchReplay(this, "BatchReplay", settings, region);
        }
        CfnOutput.Builder.create(this, "CentralBusArn").value(bus.getEventBusArn())
                .description("member accounts forward their CloudTrail API-call events here").build();
    }

    public EventBus bus() {
        return bus;
    }

    public Interception interception() {
        return interception;
    }
}
