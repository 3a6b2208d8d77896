package io.trailguard.remediation;

import io.trailguard.policy.Remediation;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyState;

/** Cancels the scheduled deletion of a KMS key. The key is left Disabled: {@link EnableKey} follows it. */
public record CancelKeyDeletion(KmsClient kms, String keyId) implements Remediation {

    @Override
    public String action() {
        return "kms:CancelKeyDeletion";
    }

    @Override
    public String target() {
        return "KMS key " + keyId;
    }

    @Override
    public boolean needed() {
        return kms.describeKey(b -> b.keyId(keyId)).keyMetadata().keyState() == KeyState.PENDING_DELETION;
    }

    @Override
    public void apply() {
        kms.cancelKeyDeletion(b -> b.keyId(keyId));
    }
}
