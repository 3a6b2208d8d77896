package io.trailguard.handler;

import jakarta.inject.Named;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Runs the CloudTrail policies. */
@Named("cloudtrail")
public class CloudTrailHandler extends InterceptionHandler {

    public CloudTrailHandler(Interceptor interceptor, ObjectMapper mapper) {
        super(interceptor, mapper);
    }

    @Override
    String policies() {
        return "cloudtrail";
    }
}
