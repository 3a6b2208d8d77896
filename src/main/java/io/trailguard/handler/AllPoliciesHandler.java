package io.trailguard.handler;

import jakarta.inject.Named;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.trailguard.policy.HandlerNames;

/** Runs every policy, for local runs and single-function deployments. */
@Named(HandlerNames.ALL)
public class AllPoliciesHandler extends InterceptionHandler {

    public AllPoliciesHandler(Interceptor interceptor, ObjectMapper mapper) {
        super(interceptor, mapper);
    }

    @Override
    String policies() {
        return HandlerNames.ALL;
    }
}
