package io.trailguard.remediation;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.trailguard.policy.ResourceRef;
import io.trailguard.policy.TagReader;
import io.trailguard.predicates.AwsIdentifiers;

/**
 * A KMS key's tags, by key id or key ARN (ListResourceTags takes no alias). KMS's awsJson API as a signed call
 * ({@link SignedJsonCall}), without the SDK's client.
 */
@ApplicationScoped
public class KmsKeyTags implements TagReader {

    private final SignedJsonCall kms;

    public KmsKeyTags(AwsClientConfig config, AccountCredentials credentials) {
        this.kms = SignedJsonCall.of("kms", config, credentials);
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

    /** One page, as before: a key holds at most 50 tags, a page's default. */
    @Override
    public Map<String, String> tags(ResourceRef resource) {
        Map<String, String> tags = new HashMap<>();
        kms.target(SignedJsonCall.AwsJsonApi.KMS, "ListResourceTags", JsonNodeFactory.instance.objectNode().put("KeyId", resource.id()))
                .path("Tags").forEach(t -> tags.put(t.path("TagKey").asText(), t.path("TagValue").asText()));
        return tags;
    }

    @PreDestroy
    void close() {
        kms.close();
    }
}
