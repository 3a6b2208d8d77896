package io.trailguard.handler;

import jakarta.inject.Named;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.trailguard.policy.HandlerNames;

/** Runs the tagging policies (auto-tag, naming standard) on resource creation calls. */
@Named(HandlerNames.TAGGING)
public class TaggingHandler extends InterceptionHandler {

    public TaggingHandler(Interceptor interceptor, ObjectMapper mapper) {
        super(interceptor, mapper);
    }

    @Override
    String policies() {
        return HandlerNames.TAGGING;
    }
}
