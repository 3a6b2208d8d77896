package io.trailguard.remediation;

import java.util.List;
import java.util.Map;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.trailguard.policy.ResourceRef;
import io.trailguard.policy.TagReader;
import io.trailguard.predicates.AwsIdentifiers;

/** The tags of an IAM user or role (groups have none), read with IAM's query API as signed calls. */
@ApplicationScoped
public class IamTags implements TagReader {

    private final SignedQueryCall iam;

    public IamTags(AwsClientConfig config, AccountCredentials credentials) {
        this.iam = SignedQueryCall.iam(config, credentials);
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
        boolean user = ResourceRef.IAM_USER.equals(resource.type());
        return SignedQueryCall.tags(iam.members(user ? "ListUserTags" : "ListRoleTags",
                SignedQueryCall.parameters(user ? "UserName" : "RoleName", resource.id()), "Tags"));
    }

    @PreDestroy
    void close() {
        iam.close();
    }
}
