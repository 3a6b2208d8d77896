package io.trailguard.handler;

import jakarta.inject.Named;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Runs the IAM policies. */
@Named("iam")
public class IamHandler extends InterceptionHandler {

    public IamHandler(Interceptor interceptor, ObjectMapper mapper) {
        super(interceptor, mapper);
    }

    @Override
    String policies() {
        return "iam";
    }
}
