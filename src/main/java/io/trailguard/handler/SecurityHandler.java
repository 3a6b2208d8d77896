package io.trailguard.handler;

import jakarta.inject.Named;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.trailguard.policy.HandlerNames;

/** Runs the security-controls policies (GuardDuty, Config, Security Hub, flow logs, Access Analyzer, Organizations). */
@Named(HandlerNames.SECURITY)
public class SecurityHandler extends InterceptionHandler {

    public SecurityHandler(Interceptor interceptor, ObjectMapper mapper) {
        super(interceptor, mapper);
    }

    @Override
    String policies() {
        return HandlerNames.SECURITY;
    }
}
