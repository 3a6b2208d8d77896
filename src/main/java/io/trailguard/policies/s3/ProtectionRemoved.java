package io.trailguard.policies.s3;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.Config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

import io.trailguard.event.CloudTrailDetail;
import io.trailguard.event.TrailEvent;
import io.trailguard.policy.Decision;
import io.trailguard.policy.FailedCalls;
import io.trailguard.policy.HandlerNames;
import io.trailguard.policy.Mode;
import io.trailguard.policy.Policy;
import io.trailguard.policy.PolicySettings;
import io.trailguard.policy.ResourceRef;
import io.trailguard.policy.Setting;
import io.trailguard.policy.Severity;
import io.trailguard.remediation.EnableBucketLogging;
import io.trailguard.remediation.EnableBucketVersioning;
import io.trailguard.remediation.PutDefaultEncryption;

/**
 * A bucket stripped of what lets its data be recovered or its access be traced: versioning suspended, default
 * encryption deleted, server access logging turned off. Enforce turns each back on (versioning; SSE-S3 or the
 * configured KMS key; logging into the configured log bucket, else it only alerts): none of them destroys data.
 */
@ApplicationScoped
public class ProtectionRemoved implements Policy {

    static final Setting<String> LOG_TARGET_BUCKET = Setting.text("log-target-bucket");
    static final Setting<String> LOG_TARGET_PREFIX = Setting.text("log-target-prefix", "s3-access-logs/");
    static final Setting<String> KMS_KEY_ID = Setting.text("kms-key-id");

    private final Optional<String> logTargetBucket;
    private final String logTargetPrefix;
    private final String kmsKeyId;

    public ProtectionRemoved(Config config) {
        PolicySettings settings = PolicySettings.of(name(), config);
        this.logTargetBucket = settings.find(LOG_TARGET_BUCKET);
        this.logTargetPrefix = settings.get(LOG_TARGET_PREFIX);
        this.kmsKeyId = settings.find(KMS_KEY_ID).orElse(null);
    }

    @Override
    public String name() {
        return "s3-protection-removed";
    }

    @Override
    public String handler() {
        return HandlerNames.S3;
    }

    @Override
    public String description() {
        return "S3 bucket versioning suspended, default encryption deleted or access logging turned off";
    }

    @Override
    public String pattern() {
        return """
                {"source": ["aws.s3"],
                 "detail-type": ["AWS API Call via CloudTrail"],
                 "detail": {"eventSource": ["s3.amazonaws.com"],
                            "eventName": ["PutBucketVersioning", "DeleteBucketEncryption", "PutBucketLogging"]}}
                """;
    }

    @Override
    public List<String> actions() {
        return List.of(EnableBucketVersioning.NAME, PutDefaultEncryption.NAME, EnableBucketLogging.NAME);
    }

    @Override
    public List<String> resourceTypes() {
        return List.of(ResourceRef.S3_BUCKET);
    }

    @Override
    public List<Setting<?>> settings() {
        return List.of(LOG_TARGET_BUCKET, LOG_TARGET_PREFIX, KMS_KEY_ID);
    }

    @Override
    public Mode defaultMode() {
        return Mode.ENFORCE;
    }

    @Override
    public FailedCalls failedCalls() {
        // a refused attempt to drop a bucket's recovery or its logs comes before the deletion or the theft
        return FailedCalls.ALERT;
    }

    @Override
    public List<String> attackTechniques() {
        return List.of("T1490", "T1562.008");
    }

    @Override
    public Optional<String> runbook() {
        return Optional.of("https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html");
    }

    @Override
    public Decision decide(TrailEvent event) {
        CloudTrailDetail detail = event.detail();
        String bucket = detail.requestParameter("bucketName");
        if (bucket == null || bucket.isBlank()) {
            return Decision.noMatch("no bucketName in requestParameters");
        }
        // an invalid name is judged like any other (fail closed): the bucket executors refuse it
        ResourceRef resource = new ResourceRef(ResourceRef.S3_BUCKET, bucket);
        JsonNode request = detail.requestParameters();
        return switch (detail.eventName()) {
            case "PutBucketVersioning" -> versioning(request, bucket, resource);
            case "DeleteBucketEncryption" -> Decision.remediate(Severity.MEDIUM, resource,
                    "default encryption of bucket " + bucket + " deleted",
                    List.of("default encryption configuration deleted" + (kmsKeyId == null ? "" : ", the configured KMS key no longer applies")),
                    List.of(PutDefaultEncryption.spec(bucket, kmsKeyId)));
            case "PutBucketLogging" -> logging(request, bucket, resource);
            default -> Decision.noMatch("not a bucket protection call");
        };
    }

    private static Decision versioning(JsonNode request, String bucket, ResourceRef resource) {
        String status = field(request, "VersioningConfiguration").path("Status").asText("");
        if (!"Suspended".equalsIgnoreCase(status)) {
            return Decision.noMatch("versioning not suspended (Status " + (status.isEmpty() ? "absent" : status) + ")");
        }
        return Decision.remediate(Severity.HIGH, resource, "versioning of bucket " + bucket + " suspended",
                List.of("versioning suspended: objects overwritten or deleted from now on cannot be recovered"),
                List.of(EnableBucketVersioning.spec(bucket)));
    }

    private Decision logging(JsonNode request, String bucket, ResourceRef resource) {
        JsonNode status = field(request, "BucketLoggingStatus");
        if (status.has("LoggingEnabled") && !status.path("LoggingEnabled").isNull()) {
            return Decision.noMatch("access logging configured, not turned off");
        }
        String reason = "server access logging of bucket " + bucket + " turned off";
        List<String> findings = List.of("server access logging turned off: requests to the bucket are no longer logged");
        if (logTargetBucket.isEmpty() || logTargetBucket.get().equals(bucket)) {
            // where the logs went is not in the event: without a configured target (or for the target itself) it is told
            return Decision.alert(Severity.HIGH, resource, reason, findings);
        }
        return Decision.remediate(Severity.HIGH, resource, reason, findings,
                List.of(EnableBucketLogging.spec(bucket, logTargetBucket.get(), logTargetPrefix + bucket + "/")));
    }

    private static JsonNode field(JsonNode request, String name) {
        return request == null ? MissingNode.getInstance() : request.path(name);
    }
}
