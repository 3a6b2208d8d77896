package io.trailguard.it;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Runs the packaged function as one handler bean (quarkus.lambda.handler), as its own Lambda function would.
 * A new handler's IT names it in a nested {@code Profile extends HandlerProfile}.
 */
public abstract class HandlerProfile implements QuarkusTestProfile {

    protected abstract String handler();

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.lambda.handler", handler());
    }
}
