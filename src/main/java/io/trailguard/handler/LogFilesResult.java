package io.trailguard.handler;

import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** What a handler returns for an S3 notification: per log file, how many records were decided, skipped, malformed. */
@RegisterForReflection
public record LogFilesResult(List<LogFile> files) {

    /** {@code events}: records decided on; {@code matched}: of those, matched by a policy of the handler. */
    @RegisterForReflection
    public record LogFile(String file, int events, int matched, int skipped, int malformed) {
    }
}
