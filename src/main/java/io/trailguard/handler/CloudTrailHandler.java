package io.trailguard.handler;

import jakarta.inject.Named;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.trailguard.policy.HandlerNames;

/** Runs the CloudTrail policies. */
@Named(HandlerNames.CLOUDTRAIL)
public class CloudTrailHandler extends InterceptionHandler {

    public CloudTrailHandler(Interceptor interceptor, ObjectMapper mapper) {
        super(interceptor, mapper);
    }

    @Override
    String policies() {
        return HandlerNames.CLOUDTRAIL;
    }
}
