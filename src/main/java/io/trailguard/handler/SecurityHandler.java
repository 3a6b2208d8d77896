package io.trailguard.handler;

import jakarta.inject.Named;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Runs the security-controls policies (GuardDuty, Config, Security Hub, flow logs, Access Analyzer, Organizations). */
@Named("security")
public class SecurityHandler extends InterceptionHandler {

    public SecurityHandler(Interceptor interceptor, ObjectMapper mapper) {
        super(interceptor, mapper);
    }

    @Override
    String policies() {
        return "security";
    }
}
