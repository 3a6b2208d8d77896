package io.trailguard.notify;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Every alert target and audit sink on: the webhook URL in an SSM parameter (local http allowed) with a HIGH
 * threshold, Security Hub, an S3 audit bucket and a Firehose stream; cloudtrail-tampering limited to the
 * webhook. Policies are capped to alert so no remediation needs live resources.
 */
public class AlertTargetsProfile implements QuarkusTestProfile {

    static final String WEBHOOK_PARAMETER = "/trailguard/alerts/webhook-url";
    static final String AUDIT_BUCKET = "tg-audit";
    static final String AUDIT_STREAM = "tg-audit-stream";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "trailguard.mode", "alert",
                "trailguard.alerts.webhook.url-ssm-parameter", WEBHOOK_PARAMETER,
                "trailguard.alerts.webhook.allow-http", "true",
                "trailguard.alerts.webhook.min-severity", "HIGH",
                "trailguard.alerts.webhook.timeout-millis", "3000",
                "trailguard.alerts.security-hub.enabled", "true",
                "trailguard.audit.s3-bucket", AUDIT_BUCKET,
                "trailguard.audit.firehose-stream", AUDIT_STREAM,
                "trailguard.policies.cloudtrail-tampering.alert-targets", "webhook");
    }
}
