package io.trailguard.handler;

import jakarta.inject.Named;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Runs the S3 policies. */
@Named("s3")
public class S3Handler extends InterceptionHandler {

    public S3Handler(Interceptor interceptor, ObjectMapper mapper) {
        super(interceptor, mapper);
    }

    @Override
    String policies() {
        return "s3";
    }
}
