package io.trailguard.remediation;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.trailguard.policy.ResourceRef;
import io.trailguard.policy.TagReader;
import io.trailguard.predicates.AwsIdentifiers;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.Tag;

/** A KMS key's tags, by key id or key ARN (ListResourceTags takes no alias). */
@ApplicationScoped
public class KmsKeyTags implements TagReader {

    private final KmsClient kms;

    public KmsKeyTags(KmsClient kms) {
        this.kms = kms;
    }

    @Override
    public boolean reads(String resourceType) {
        return ResourceRef.KMS_KEY.equals(resourceType);
    }

    @Override
    public List<String> iamActions(String resourceType) {
        return List.of("kms:ListResourceTags");
    }

    @Override
    public String refusal(ResourceRef resource) {
        String id = resource.id();
        return AwsIdentifiers.isKmsKeyId(id) || AwsIdentifiers.isArnOf(id, "kms") ? null
                : AwsIdentifiers.refused("key", id, "a KMS key id or key ARN");
    }

    @Override
    public Map<String, String> tags(ResourceRef resource) {
        return kms.listResourceTags(b -> b.keyId(resource.id())).tags().stream()
                .collect(Collectors.toMap(Tag::tagKey, Tag::tagValue, (a, b) -> b));
    }
}
