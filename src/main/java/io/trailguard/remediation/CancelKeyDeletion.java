package io.trailguard.remediation;

import java.util.List;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.trailguard.policy.ActionSpec;
import io.trailguard.predicates.AwsIdentifiers;

/**
 * Cancels the scheduled deletion of a KMS key. The key is left Disabled: {@link EnableKey} follows it. KMS's awsJson
 * API as signed calls ({@link SignedJsonCall}), without the SDK's client.
 */
@ApplicationScoped
public class CancelKeyDeletion implements ActionExecutor {

    public static final String NAME = "kms.cancel-key-deletion";

    static final String KEY_ARN = "arn:aws:kms:*:*:key/${key-id}";

    private final SignedJsonCall kms;

    public CancelKeyDeletion(AwsClientConfig config, AccountCredentials credentials) {
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
        return "PendingDeletion".equals(keyState(kms, spec.string("key-id")));
    }

    @Override
    public void apply(ActionSpec spec) {
        kms.target(SignedJsonCall.AwsJsonApi.KMS, "CancelKeyDeletion", key(spec.string("key-id")));
    }

    static String keyRefusal(ActionSpec spec) {
        return ParamCheck.string(spec, "key-id", AwsIdentifiers::isKmsKeyId, "a KMS key id");
    }

    /** The key's KeyState as DescribeKey names it ({@code Enabled}, {@code Disabled}, {@code PendingDeletion} …). */
    static String keyState(SignedJsonCall kms, String keyId) {
        return kms.target(SignedJsonCall.AwsJsonApi.KMS, "DescribeKey", key(keyId)).path("KeyMetadata").path("KeyState").asText(null);
    }

    static ObjectNode key(String keyId) {
        return JsonNodeFactory.instance.objectNode().put("KeyId", keyId);
    }

    @PreDestroy
    void close() {
        kms.close();
    }
}
