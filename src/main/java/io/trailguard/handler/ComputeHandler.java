package io.trailguard.handler;

import jakarta.inject.Named;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.trailguard.policy.HandlerNames;

/** Runs the compute policies (expensive instances). */
@Named(HandlerNames.COMPUTE)
public class ComputeHandler extends InterceptionHandler {

    public ComputeHandler(Interceptor interceptor, ObjectMapper mapper) {
        super(interceptor, mapper);
    }

    @Override
    String policies() {
        return HandlerNames.COMPUTE;
    }
}
