package io.trailguard.policies.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.trailguard.SampleEvents;
import io.trailguard.SampleTable;
import io.trailguard.event.TrailEvent;
import io.trailguard.policy.ActionSpec;
import io.trailguard.policy.Decision;

/**
 * s3-protection-removed under settings the sample table's profile does not have: no log target (logging turned
 * off is only alerted), and a KMS key (the default encryption put back is SSE-KMS with it).
 */
class ProtectionRemovedSettingsTest {

    @Test
    void withoutALogTargetLoggingTurnedOffIsAlertedWithNoAction() throws Exception {
        Decision decision = new ProtectionRemoved(config(Map.of())).decide(event("logging-disabled"));

        assertTrue(decision.matched());
        assertEquals("server access logging of bucket tg-demo-data turned off", decision.reason());
        assertEquals(List.of(), decision.actions());
    }

    @Test
    void aConfiguredKmsKeyIsTheEncryptionPutBackAndTheLogPrefixIsTheOneSet() throws Exception {
        String key = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        ProtectionRemoved policy = new ProtectionRemoved(config(Map.of(
                "trailguard.policies.s3-protection-removed.kms-key-id", key,
                "trailguard.policies.s3-protection-removed.log-target-bucket", "central-logs-123456789012",
                "trailguard.policies.s3-protection-removed.log-target-prefix", "s3/")));

        assertEquals(List.of(ActionSpec.of("s3.put-default-encryption", "bucket", "tg-demo-data", "kms-key-id", key)),
                policy.decide(event("encryption-deleted")).actions());
        assertEquals(List.of(ActionSpec.of("s3.enable-access-logging", "bucket", "tg-demo-data",
                "target-bucket", "central-logs-123456789012", "target-prefix", "s3/tg-demo-data/")),
                policy.decide(event("logging-disabled")).actions());
    }

    private static TrailEvent event(String sample) throws Exception {
        return SampleTable.get().reader().read(SampleEvents.read("s3-protection-removed", sample).getBytes(StandardCharsets.UTF_8)).event();
    }

    private static SmallRyeConfig config(Map<String, String> properties) {
        return new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(properties, "test", 250)).build();
    }
}
