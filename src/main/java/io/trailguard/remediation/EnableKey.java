package io.trailguard.remediation;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.trailguard.policy.ActionSpec;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyState;

/** Enables a KMS key that is Disabled (by DisableKey, or left so by a cancelled deletion). */
@ApplicationScoped
public class EnableKey implements ActionExecutor {

    public static final String NAME = "kms.enable-key";

    private final KmsClient kms;

    public EnableKey(KmsClient kms) {
        this.kms = kms;
    }

    public static ActionSpec spec(String keyId) {
        return ActionSpec.of(NAME, "key-id", keyId);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Permission> permissions() {
        return List.of(new Permission("kms:DescribeKey", CancelKeyDeletion.KEY_ARN), new Permission("kms:EnableKey", CancelKeyDeletion.KEY_ARN));
    }

    @Override
    public String refusal(ActionSpec spec) {
        return CancelKeyDeletion.keyRefusal(spec);
    }

    @Override
    public String target(ActionSpec spec) {
        return "KMS key " + spec.string("key-id");
    }

    @Override
    public boolean needed(ActionSpec spec) {
        // only Disabled: a key still pending deletion, pending import or unavailable is not EnableKey's to fix
        return kms.describeKey(b -> b.keyId(spec.string("key-id"))).keyMetadata().keyState() == KeyState.DISABLED;
    }

    @Override
    public void apply(ActionSpec spec) {
        kms.enableKey(b -> b.keyId(spec.string("key-id")));
    }
}
