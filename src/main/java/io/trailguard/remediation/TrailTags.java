package io.trailguard.remediation;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.trailguard.policy.ResourceRef;
import io.trailguard.policy.TagReader;
import io.trailguard.predicates.AwsIdentifiers;

/**
 * A trail's tags, looked up by its ARN (ListTags takes ARNs only). CloudTrail's awsJson API as signed calls
 * ({@link SignedJsonCall}), without the SDK's client.
 */
@ApplicationScoped
public class TrailTags implements TagReader {

    private final SignedJsonCall cloudTrail;

    public TrailTags(AwsClientConfig config, AccountCredentials credentials) {
        this.cloudTrail = SignedJsonCall.of("cloudtrail", config, credentials);
    }

    @Override
    public boolean reads(String resourceType) {
        return ResourceRef.CLOUDTRAIL_TRAIL.equals(resourceType);
    }

    @Override
    public List<String> iamActions(String resourceType) {
        // GetTrail turns a trail name into the ARN that ListTags takes
        return List.of("cloudtrail:GetTrail", "cloudtrail:ListTags");
    }

    @Override
    public String refusal(ResourceRef resource) {
        return AwsIdentifiers.isTrailNameOrArn(resource.id()) ? null
                : AwsIdentifiers.refused("trail", resource.id(), "a valid trail name or ARN");
    }

    @Override
    public Map<String, String> tags(ResourceRef resource) {
        String arn = resource.id().startsWith("arn:") ? resource.id()
                : cloudTrail.target(SignedJsonCall.AwsJsonApi.CLOUDTRAIL, "GetTrail", JsonNodeFactory.instance.objectNode().put("Name", resource.id()))
                        .path("Trail").path("TrailARN").asText(null);
        ObjectNode request = JsonNodeFactory.instance.objectNode();
        request.putArray("ResourceIdList").add(arn);
        Map<String, String> tags = new HashMap<>();
        cloudTrail.target(SignedJsonCall.AwsJsonApi.CLOUDTRAIL, "ListTags", request).path("ResourceTagList")
                .forEach(r -> r.path("TagsList").forEach(t -> tags.put(t.path("Key").asText(), t.path("Value").asText())));
        return tags;
    }

    @PreDestroy
    void close() {
        cloudTrail.close();
    }
}
