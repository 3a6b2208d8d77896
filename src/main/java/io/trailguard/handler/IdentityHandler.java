package io.trailguard.handler;

import jakarta.inject.Named;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.trailguard.policy.HandlerNames;

/** Runs the identity policies: root and console sign-ins, root API calls. */
@Named(HandlerNames.IDENTITY)
public class IdentityHandler extends InterceptionHandler {

    public IdentityHandler(Interceptor interceptor, ObjectMapper mapper) {
        super(interceptor, mapper);
    }

    @Override
    String policies() {
        return HandlerNames.IDENTITY;
    }
}
