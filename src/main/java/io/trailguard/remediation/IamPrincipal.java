package io.trailguard.remediation;

import io.trailguard.policy.ResourceRef;

/** An IAM user, role or group by name: the three kinds a policy can be attached to or embedded in. */
public record IamPrincipal(Kind kind, String name) {

    public enum Kind {
        USER("User", ResourceRef.IAM_USER),
        ROLE("Role", ResourceRef.IAM_ROLE),
        GROUP("Group", ResourceRef.IAM_GROUP);

        final String api;
        final String resourceType;

        Kind(String api, String resourceType) {
            this.api = api;
            this.resourceType = resourceType;
        }
    }

    public ResourceRef resource() {
        return new ResourceRef(kind.resourceType, name);
    }

    @Override
    public String toString() {
        return kind.api.toLowerCase() + " " + name;
    }
}
