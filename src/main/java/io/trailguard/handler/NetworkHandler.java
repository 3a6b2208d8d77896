package io.trailguard.handler;

import jakarta.inject.Named;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Runs the network exposure policies (security groups, network ACLs). */
@Named("network")
public class NetworkHandler extends InterceptionHandler {

    public NetworkHandler(Interceptor interceptor, ObjectMapper mapper) {
        super(interceptor, mapper);
    }

    @Override
    String policies() {
        return "network";
    }
}
