package io.trailguard.remediation;

import io.trailguard.policy.Remediation;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyState;

/** Enables a KMS key that is Disabled (by DisableKey, or left so by a cancelled deletion). */
public record EnableKey(KmsClient kms, String keyId) implements Remediation {

    @Override
    public String action() {
        return "kms:EnableKey";
    }

    @Override
    public String target() {
        return "KMS key " + keyId;
    }

    @Override
    public boolean needed() {
        // only Disabled: a key still pending deletion, pending import or unavailable is not EnableKey's to fix
        return kms.describeKey(b -> b.keyId(keyId)).keyMetadata().keyState() == KeyState.DISABLED;
    }

    @Override
    public void apply() {
        kms.enableKey(b -> b.keyId(keyId));
    }
}
