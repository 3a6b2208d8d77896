package io.trailguard.handler;

import jakarta.inject.Named;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.trailguard.policy.HandlerNames;

/** Runs the sharing policies (snapshots and AMIs shared outside the account). */
@Named(HandlerNames.SHARING)
public class SharingHandler extends InterceptionHandler {

    public SharingHandler(Interceptor interceptor, ObjectMapper mapper) {
        super(interceptor, mapper);
    }

    @Override
    String policies() {
        return HandlerNames.SHARING;
    }
}
