package io.trailguard.notify;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where decision records go besides the JSON line in the logs (which is always written). */
@ConfigMapping(prefix = "trailguard.audit")
public interface AuditConfig {

    /** A bucket receiving one object per decision under {@code <s3-prefix>yyyy/mm/dd/}. */
    Optional<String> s3Bucket();

    @WithDefault("trailguard-audit/")
    String s3Prefix();

    /** A Firehose delivery stream receiving each decision as a newline-terminated JSON record (for a SIEM). */
    Optional<String> firehoseStream();
}
