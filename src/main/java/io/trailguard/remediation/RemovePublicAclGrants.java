package io.trailguard.remediation;

import java.util.List;

import io.trailguard.predicates.PublicAccess;
import io.trailguard.policy.Remediation;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetBucketAclResponse;
import software.amazon.awssdk.services.s3.model.Grant;

/**
 * Makes a bucket ACL private again: drops the grants to AllUsers and AuthenticatedUsers and keeps every
 * other grant (the owner's, log delivery's, other accounts'). The new ACL is sent as a body, never as a
 * bodyless canned-ACL request.
 */
public record RemovePublicAclGrants(S3Client s3, String bucket) implements Remediation {

    @Override
    public String action() {
        return "s3:PutBucketAcl";
    }

    @Override
    public String target() {
        return bucket;
    }

    @Override
    public boolean needed() {
        return s3.getBucketAcl(b -> b.bucket(bucket)).grants().stream().anyMatch(RemovePublicAclGrants::isPublic);
    }

    @Override
    public void apply() {
        GetBucketAclResponse acl = s3.getBucketAcl(b -> b.bucket(bucket));
        List<Grant> kept = acl.grants().stream().filter(g -> !isPublic(g)).toList();
        s3.putBucketAcl(b -> b.bucket(bucket).accessControlPolicy(p -> p.owner(acl.owner()).grants(kept)));
    }

    private static boolean isPublic(Grant grant) {
        return grant.grantee() != null && PublicAccess.isPublicGroup(grant.grantee().uri());
    }
}
