package io.trailguard.policy;

import java.util.List;

/**
 * The name of every Lambda handler bean: each {@code @Named} handler class, each policy's {@link Policy#handler()},
 * {@code quarkus.lambda.handler} and the routing tests use these, so a handler is named in one place.
 */
public final class HandlerNames {

    /** Runs every policy: local runs and single-function deployments. */
    public static final String ALL = "all";
    public static final String S3 = "s3";
    public static final String CLOUDTRAIL = "cloudtrail";
    public static final String IAM = "iam";
    public static final String IDENTITY = "identity";
    public static final String SECURITY = "security";
    public static final String KMS = "kms";
    public static final String NETWORK = "network";
    public static final String COMPUTE = "compute";
    public static final String SHARING = "sharing";
    public static final String TAGGING = "tagging";

    /** The handlers that run their own policies (every one but {@link #ALL}): one function each in infra/. */
    public static final List<String> POLICY_HANDLERS = List.of(S3, CLOUDTRAIL, IAM, IDENTITY, SECURITY, KMS, NETWORK, COMPUTE,
            SHARING, TAGGING);

    private HandlerNames() {
    }
}
