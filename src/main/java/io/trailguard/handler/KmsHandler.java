package io.trailguard.handler;

import jakarta.inject.Named;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.trailguard.policy.HandlerNames;

/** Runs the KMS policies. */
@Named(HandlerNames.KMS)
public class KmsHandler extends InterceptionHandler {

    public KmsHandler(Interceptor interceptor, ObjectMapper mapper) {
        super(interceptor, mapper);
    }

    @Override
    String policies() {
        return HandlerNames.KMS;
    }
}
