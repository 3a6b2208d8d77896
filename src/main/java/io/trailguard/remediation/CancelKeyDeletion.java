package io.trailguard.remediation;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.trailguard.policy.ActionSpec;
import io.trailguard.predicates.AwsIdentifiers;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyState;

/** Cancels the scheduled deletion of a KMS key. The key is left Disabled: {@link EnableKey} follows it. */
@ApplicationScoped
public class CancelKeyDeletion implements ActionExecutor {

    public static final String NAME = "kms.cancel-key-deletion";

    static final String KEY_ARN = "arn:aws:kms:*:*:key/${key-id}";

    private final KmsClient kms;

    public CancelKeyDeletion(KmsClient kms) {
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
        return List.of(new Permission("kms:DescribeKey", KEY_ARN), new Permission("kms:CancelKeyDeletion", KEY_ARN));
    }

    @Override
    public String refusal(ActionSpec spec) {
        return keyRefusal(spec);
    }

    @Override
    public String target(ActionSpec spec) {
        return "KMS key " + spec.string("key-id");
    }

    @Override
    public boolean needed(ActionSpec spec) {
        return kms.describeKey(b -> b.keyId(spec.string("key-id"))).keyMetadata().keyState() == KeyState.PENDING_DELETION;
    }

    @Override
    public void apply(ActionSpec spec) {
        kms.cancelKeyDeletion(b -> b.keyId(spec.string("key-id")));
    }

    static String keyRefusal(ActionSpec spec) {
        return ParamCheck.string(spec, "key-id", AwsIdentifiers::isKmsKeyId, "a KMS key id");
    }
}
