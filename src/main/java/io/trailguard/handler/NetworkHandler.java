package io.trailguard.handler;

import jakarta.inject.Named;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.trailguard.policy.HandlerNames;

/** Runs the network exposure policies (security groups, network ACLs). */
@Named(HandlerNames.NETWORK)
public class NetworkHandler extends InterceptionHandler {

    public NetworkHandler(Interceptor interceptor, ObjectMapper mapper) {
        super(interceptor, mapper);
    }

    @Override
    String policies() {
        return HandlerNames.NETWORK;
    }
}
