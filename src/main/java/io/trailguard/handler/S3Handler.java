package io.trailguard.handler;

import jakarta.inject.Named;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.trailguard.policy.HandlerNames;

/** Runs the S3 policies. */
@Named(HandlerNames.S3)
public class S3Handler extends InterceptionHandler {

    public S3Handler(Interceptor interceptor, ObjectMapper mapper) {
        super(interceptor, mapper);
    }

    @Override
    String policies() {
        return HandlerNames.S3;
    }
}
