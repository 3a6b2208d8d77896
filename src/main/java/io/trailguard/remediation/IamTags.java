package io.trailguard.remediation;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.trailguard.policy.ResourceRef;
import io.trailguard.policy.TagReader;
import io.trailguard.predicates.AwsIdentifiers;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.Tag;

/** The tags of an IAM user or role (groups have none). */
@ApplicationScoped
public class IamTags implements TagReader {

    private final IamClient iam;

    public IamTags(IamClient iam) {
        this.iam = iam;
    }

    @Override
    public boolean reads(String resourceType) {
        return ResourceRef.IAM_USER.equals(resourceType) || ResourceRef.IAM_ROLE.equals(resourceType);
    }

    @Override
    public List<String> iamActions(String resourceType) {
        return List.of(ResourceRef.IAM_USER.equals(resourceType) ? "iam:ListUserTags" : "iam:ListRoleTags");
    }

    @Override
    public String refusal(ResourceRef resource) {
        return AwsIdentifiers.isIamName(resource.id()) ? null : AwsIdentifiers.refused("name", resource.id(), "a valid IAM name");
    }

    @Override
    public Map<String, String> tags(ResourceRef resource) {
        List<Tag> tags = ResourceRef.IAM_USER.equals(resource.type())
                ? iam.listUserTags(b -> b.userName(resource.id())).tags()
                : iam.listRoleTags(b -> b.roleName(resource.id())).tags();
        return tags.stream().collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> b));
    }
}
