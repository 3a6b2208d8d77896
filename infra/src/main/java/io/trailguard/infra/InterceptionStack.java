package io.trailguard.infra;

import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.events.EventBus;
import software.constructs.Construct;

/** One account, one region: trailguard on the account's default event bus. Deploy it in every region used. */
public class InterceptionStack extends Stack {

    private final Interception interception;

    public InterceptionStack(Construct scope, String id, StackProps props, Catalog catalog, Settings settings, String region) {
        super(scope, id, props);
        interception = new Interception(this, "Interception", catalog, settings, region,
                EventBus.fromEventBusName(this, "DefaultBus", "default"), false);
        if (settings.replayTrailBucket().isPresent() && region.equals(settings.regions().get(0))) {
            new BatchReplay(this, "BatchReplay", settings, region);
        }
    }

    public Interception interception() {
        return interception;
    }
}
