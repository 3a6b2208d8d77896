package io.trailguard.handler;

import jakarta.inject.Named;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Runs the compute policies (expensive instances). */
@Named("compute")
public class ComputeHandler extends InterceptionHandler {

    public ComputeHandler(Interceptor interceptor, ObjectMapper mapper) {
        super(interceptor, mapper);
    }

    @Override
    String policies() {
        return "compute";
    }
}
