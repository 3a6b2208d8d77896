package io.trailguard.handler;

import jakarta.inject.Named;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Runs the KMS policies. */
@Named("kms")
public class KmsHandler extends InterceptionHandler {

    public KmsHandler(Interceptor interceptor, ObjectMapper mapper) {
        super(interceptor, mapper);
    }

    @Override
    String policies() {
        return "kms";
    }
}
