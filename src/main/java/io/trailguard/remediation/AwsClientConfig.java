package io.trailguard.remediation;

import java.net.URI;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Settings of trailguard's AWS calls, each signed without an SDK client ({@link SignedJsonCall}, {@link SignedQueryCall},
 * {@link SignedS3Call}): S3, SNS, IAM, EC2, CloudTrail …
 * On an emulator ({@link #endpointOverride}) S3 is addressed path-style.
 */
@ConfigMapping(prefix = "trailguard.aws")
public interface AwsClientConfig {

    /** A local emulator such as moto; unset in AWS. */
    Optional<URI> endpointOverride();

    /** Defaults to the Lambda's {@code AWS_REGION}. */
    Optional<String> region();

    /** Static credentials, for local emulators only; in AWS the function's role is used. */
    Optional<String> accessKeyId();

    Optional<String> secretAccessKey();

    /**
     * The AWS call log ({@code trailguard.aws.call-log}): a file to append one JSON line per AWS call to; off when unset.
     * Read by {@link AwsCallLog}, which the SDK builds for every client.
     */
    Optional<String> callLog();

    /** Per-call timeout in milliseconds; the remediation must finish well inside the function's timeout. */
    @WithDefault("10000")
    long apiCallTimeoutMillis();
}
