package io.trailguard.remediation;

import java.util.List;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.trailguard.policy.ActionSpec;
import io.trailguard.predicates.PublicAccess;

/**
 * Makes a bucket ACL private again: drops the grants to AllUsers and AuthenticatedUsers and keeps every
 * other grant (the owner's, log delivery's, other accounts'). The new ACL is sent as a body, never as a
 * bodyless canned-ACL request. Signed S3 calls ({@link SignedS3Call}): the ACL read and written as S3's XML.
 */
@ApplicationScoped
public class RemovePublicAclGrants implements ActionExecutor {

    public static final String NAME = "s3.remove-public-acl-grants";

    private static final String XSI = "http://www.w3.org/2001/XMLSchema-instance";

    private final SignedS3Call s3;
    /**
     * The ACL {@link #needed} just read, for {@link #apply} on the same thread right after: one GetBucketAcl per
     * remediation instead of two (the Retries loop always asks needed() first, and asks again on a retry).
     */
    private final ThreadLocal<ReadAcl> lastRead = new ThreadLocal<>();

    private record ReadAcl(String bucket, S3Xml acl) {
    }

    @Inject
    public RemovePublicAclGrants(AwsClientConfig config, AccountCredentials credentials) {
        this(SignedS3Call.of(config, credentials));
    }

    RemovePublicAclGrants(SignedS3Call s3) {
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
        S3Xml acl = s3.get("GetBucketAcl", bucket, "acl");
        lastRead.set(new ReadAcl(bucket, acl));
        return grants(acl).stream().anyMatch(RemovePublicAclGrants::isPublic);
    }

    @Override
    public void apply(ActionSpec spec) {
        String bucket = spec.string("bucket");
        ReadAcl read = lastRead.get();
        lastRead.remove();
        S3Xml acl = read != null && read.bucket().equals(bucket) ? read.acl() : s3.get("GetBucketAcl", bucket, "acl");
        String kept = String.join("", grants(acl).stream().filter(g -> !isPublic(g)).map(RemovePublicAclGrants::grant).toList());
        S3Xml owner = acl.child("Owner");
        s3.put("PutBucketAcl", bucket, "acl", S3Xml.document("AccessControlPolicy", S3Xml.element("AccessControlList", kept),
                owner == null ? "" : S3Xml.element("Owner", S3Xml.text("DisplayName", owner.text("DisplayName")), S3Xml.text("ID", owner.text("ID")))));
    }

    /** The {@code Grant}s of a GetBucketAcl answer. */
    private static List<S3Xml> grants(S3Xml acl) {
        S3Xml list = acl == null ? null : acl.child("AccessControlList");
        return list == null ? List.of() : list.all("Grant");
    }

    private static boolean isPublic(S3Xml grant) {
        S3Xml grantee = grant.child("Grantee");
        return grantee != null && PublicAccess.isPublicGroup(grantee.text("URI"));
    }

    /** A grant written back as S3 answered it: the grantee's type attribute and members, in the order the SDK writes them. */
    private static String grant(S3Xml grant) {
        S3Xml grantee = grant.child("Grantee");
        String written = "";
        if (grantee != null) {
            String type = grantee.attributes().entrySet().stream().filter(a -> a.getKey().endsWith(":type")).map(e -> e.getValue())
                    .findFirst().orElse(null);
            written = "<Grantee xmlns:xsi=\"" + XSI + "\"" + (type == null ? "" : " xsi:type=\"" + S3Xml.escape(type) + "\"") + ">"
                    + S3Xml.text("DisplayName", grantee.text("DisplayName")) + S3Xml.text("EmailAddress", grantee.text("EmailAddress"))
                    + S3Xml.text("ID", grantee.text("ID")) + S3Xml.text("URI", grantee.text("URI")) + "</Grantee>";
        }
        return S3Xml.element("Grant", written, S3Xml.text("Permission", grant.text("Permission")));
    }

    @PreDestroy
    void close() {
        s3.close();
    }
}
