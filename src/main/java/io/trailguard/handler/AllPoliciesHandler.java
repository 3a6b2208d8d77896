package io.trailguard.handler;

import jakarta.inject.Named;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Runs the every policy, for local runs and single-function deployments. */
@Named("all")
public class AllPoliciesHandler extends InterceptionHandler {

    public AllPoliciesHandler(Interceptor interceptor, ObjectMapper mapper) {
        super(interceptor, mapper);
    }

    @Override
    String policies() {
        return io.trailguard.engine.PolicyRegistry.ALL;
    }
}
