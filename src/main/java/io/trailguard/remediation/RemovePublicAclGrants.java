package io.trailguard.remediation;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.trailguard.policy.ActionSpec;
import io.trailguard.predicates.PublicAccess;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetBucketAclResponse;
import software.amazon.awssdk.services.s3.model.Grant;

/**
 * Makes a bucket ACL private again: drops the grants to AllUsers and AuthenticatedUsers and keeps every
 * other grant (the owner's, log delivery's, other accounts'). The new ACL is sent as a body, never as a
 * bodyless canned-ACL request.
 */
@ApplicationScoped
public class RemovePublicAclGrants implements ActionExecutor {

    public static final String NAME = "s3.remove-public-acl-grants";

    private final S3Client s3;
    /**
     * The ACL {@link #needed} just read, for {@link #apply} on the same thread right after: one GetBucketAcl per
     * remediation instead of two (the Retries loop always asks needed() first, and asks again on a retry).
     */
    private final ThreadLocal<ReadAcl> lastRead = new ThreadLocal<>();

    private record ReadAcl(String bucket, GetBucketAclResponse acl) {
    }

    public RemovePublicAclGrants(S3Client s3) {
        this.s3 = s3;
    }

    public static ActionSpec spec(String bucket) {
        return ActionSpec.of(NAME, "bucket", bucket);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Permission> permissions() {
        return List.of(new Permission("s3:GetBucketAcl", BlockPublicAccess.BUCKET_ARN),
                new Permission("s3:PutBucketAcl", BlockPublicAccess.BUCKET_ARN));
    }

    @Override
    public String refusal(ActionSpec spec) {
        return BlockPublicAccess.bucketRefusal(spec);
    }

    @Override
    public String target(ActionSpec spec) {
        return spec.string("bucket");
    }

    @Override
    public boolean needed(ActionSpec spec) {
        String bucket = spec.string("bucket");
        GetBucketAclResponse acl = s3.getBucketAcl(b -> b.bucket(bucket));
        lastRead.set(new ReadAcl(bucket, acl));
        return acl.grants().stream().anyMatch(RemovePublicAclGrants::isPublic);
    }

    @Override
    public void apply(ActionSpec spec) {
        String bucket = spec.string("bucket");
        ReadAcl read = lastRead.get();
        lastRead.remove();
        GetBucketAclResponse acl = read != null && read.bucket().equals(bucket) ? read.acl() : s3.getBucketAcl(b -> b.bucket(bucket));
        List<Grant> kept = acl.grants().stream().filter(g -> !isPublic(g)).toList();
        s3.putBucketAcl(b -> b.bucket(bucket).accessControlPolicy(p -> p.owner(acl.owner()).grants(kept)));
    }

    private static boolean isPublic(Grant grant) {
        return grant.grantee() != null && PublicAccess.isPublicGroup(grant.grantee().uri());
    }
}
