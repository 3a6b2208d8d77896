package io.trailguard.remediation;

/**
 * One IAM permission an executor needs: the action and the resource ARN it applies to, with {@code ${param}}
 * placeholders filled from the action spec, or {@code *} where the API takes no resource-level permission.
 */
public record Permission(String iamAction, String resourceArn) {

    public static Permission onAny(String iamAction) {
        return new Permission(iamAction, "*");
    }
}
