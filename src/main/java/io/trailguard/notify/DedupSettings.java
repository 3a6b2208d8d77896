package io.trailguard.notify;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code trailguard.dedup.*}: how duplicate deliveries of an event are recognised. */
@ConfigMapping(prefix = "trailguard.dedup")
public interface DedupSettings {

    /** Off: every delivery alerts (remediations stay idempotent either way). */
    @WithDefault("true")
    boolean enabled();

    /** DynamoDB table (partition key {@code id} S, TTL {@code expiresAt}); unset: an in-memory store per instance. */
    Optional<String> table();

    /** How long a handled event is remembered: longer than EventBridge's and Lambda's retry windows. */
    @WithDefault("86400")
    long ttlSeconds();

    /** Bound of the in-memory store. */
    @WithDefault("10000")
    int maxEntries();
}
