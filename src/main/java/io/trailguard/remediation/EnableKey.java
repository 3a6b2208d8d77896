package io.trailguard.remediation;

import java.util.List;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.trailguard.policy.ActionSpec;

/**
 * Enables a KMS key that is Disabled (by DisableKey, or left so by a cancelled deletion). KMS's awsJson API as signed
 * calls ({@link SignedJsonCall}), without the SDK's client.
 */
@ApplicationScoped
public class EnableKey implements ActionExecutor {

    public static final String NAME = "kms.enable-key";

    private final SignedJsonCall kms;

    public EnableKey(AwsClientConfig config, AccountCredentials credentials) {
        this.kms = SignedJsonCall.of("kms", config, credentials);
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
        return "Disabled".equals(CancelKeyDeletion.keyState(kms, spec.string("key-id")));
    }

    @Override
    public void apply(ActionSpec spec) {
        kms.target(SignedJsonCall.AwsJsonApi.KMS, "EnableKey", CancelKeyDeletion.key(spec.string("key-id")));
    }

    @PreDestroy
    void close() {
        kms.close();
    }
}
