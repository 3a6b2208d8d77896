package io.trailguard.engine;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How remediations are retried on throttling, 5xx and network faults: exponential backoff with full jitter,
 * at most {@link #maxAttempts()} attempts, never past the invocation's {@link Deadline}.
 */
@ConfigMapping(prefix = "trailguard.retry")
public interface RetrySettings {

    @WithDefault("5")
    int maxAttempts();

    @WithDefault("200")
    long baseDelayMillis();

    @WithDefault("5000")
    long maxDelayMillis();
}
