package io.trailguard.remediation;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.trailguard.policy.ResourceRef;
import io.trailguard.policy.TagReader;
import io.trailguard.predicates.AwsIdentifiers;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.Tag;

/** A trail's tags, looked up by its ARN (ListTags takes ARNs only). */
@ApplicationScoped
public class TrailTags implements TagReader {

    private final CloudTrailClient cloudTrail;

    public TrailTags(CloudTrailClient cloudTrail) {
        this.cloudTrail = cloudTrail;
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
                : cloudTrail.getTrail(b -> b.name(resource.id())).trail().trailARN();
        return cloudTrail.listTags(b -> b.resourceIdList(arn)).resourceTagList().stream()
                .flatMap(r -> r.tagsList().stream())
                .collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> b));
    }
}
