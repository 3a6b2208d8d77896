package io.trailguard.remediation;

import java.util.List;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.trailguard.policy.ActionSpec;
import io.trailguard.predicates.AwsIdentifiers;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * Deletes an imported EC2 key pair, so that no new instance can be launched with it. Instances already
 * launched keep the key in their authorized_keys: that is for the responder, not for an API call. EC2's query API as
 * signed calls ({@link SignedQueryCall#ec2}).
 */
@ApplicationScoped
public class DeleteKeyPair implements ActionExecutor {

    public static final String NAME = "ec2.delete-key-pair";

    private final SignedQueryCall ec2;

    @Inject
    public DeleteKeyPair(AwsClientConfig config, AccountCredentials credentials) {
        this(config, (AwsCredentialsProvider) credentials);
    }

    DeleteKeyPair(AwsClientConfig config, AwsCredentialsProvider credentials) {
        this.ec2 = SignedQueryCall.ec2(config, credentials);
    }

    /** {@code keyPairId} null when the event returned none: then any key of that name is the one imported. */
    public static ActionSpec spec(String keyName, String keyPairId) {
        return keyPairId == null ? ActionSpec.of(NAME, "key-name", keyName)
                : ActionSpec.of(NAME, "key-name", keyName, "key-pair-id", keyPairId);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Permission> permissions() {
        return List.of(Permission.onAny("ec2:DescribeKeyPairs"), new Permission("ec2:DeleteKeyPair", "arn:aws:ec2:*:*:key-pair/${key-name}"));
    }

    @Override
    public String refusal(ActionSpec spec) {
        return ParamCheck.first(ParamCheck.string(spec, "key-name", AwsIdentifiers::isKeyPairName, "an EC2 key pair name"),
                spec.params().containsKey("key-pair-id")
                        ? ParamCheck.string(spec, "key-pair-id", id -> AwsIdentifiers.isEc2Id(id, "key"), "an EC2 key pair id")
                        : null);
    }

    @Override
    public String target(ActionSpec spec) {
        String id = spec.string("key-pair-id");
        return "key pair " + spec.string("key-name") + (id == null ? "" : " (" + id + ")");
    }

    @Override
    public boolean needed(ActionSpec spec) {
        return live(spec) != null;
    }

    @Override
    public void apply(ActionSpec spec) {
        String live = live(spec);
        if (live != null) {
            // by name: the form every EC2 implementation takes; live() made sure the name is still the imported key's
            ec2.call("DeleteKeyPair", SignedQueryCall.parameters("KeyName", live));
        }
    }

    /** The name of the live key pair of that name, if it is still the one imported (same id when the event gave one). */
    private String live(ActionSpec spec) {
        String id = spec.string("key-pair-id");
        String answer = ec2.call("DescribeKeyPairs", SignedQueryCall.filter("key-name", List.of(spec.string("key-name"))));
        return SignedQueryCall.items(answer, "keySet").stream().filter(k -> id == null || id.equals(SignedQueryCall.text(k, "keyPairId")))
                .map(k -> SignedQueryCall.text(k, "keyName")).findFirst().orElse(null);
    }

    @PreDestroy
    void close() {
        ec2.close();
    }
}
