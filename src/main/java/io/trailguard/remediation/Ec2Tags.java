package io.trailguard.remediation;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.trailguard.policy.ResourceRef;
import io.trailguard.policy.TagReader;
import io.trailguard.predicates.AwsIdentifiers;

/**
 * The tags of an EC2 resource (instance, security group, volume, snapshot, AMI, network ACL, key pair) by its id, read
 * with EC2's query API as signed calls ({@link SignedQueryCall#ec2}).
 */
@ApplicationScoped
public class Ec2Tags implements TagReader {

    /** Each type by the prefix of its ids. */
    private static final Map<String, String> KINDS = Map.of(ResourceRef.EC2_INSTANCE, "i", ResourceRef.EC2_SECURITY_GROUP, "sg",
            ResourceRef.EC2_VOLUME, "vol", ResourceRef.EC2_SNAPSHOT, "snap", ResourceRef.EC2_IMAGE, "ami", ResourceRef.EC2_NETWORK_ACL, "acl",
            ResourceRef.EC2_KEY_PAIR, "key");

    private final SignedQueryCall ec2;

    public Ec2Tags(AwsClientConfig config, AccountCredentials credentials) {
        this.ec2 = SignedQueryCall.ec2(config, credentials);
    }

    @Override
    public boolean reads(String resourceType) {
        return KINDS.containsKey(resourceType);
    }

    @Override
    public List<String> iamActions(String resourceType) {
        return List.of("ec2:DescribeTags");
    }

    @Override
    public String refusal(ResourceRef resource) {
        String kind = KINDS.get(resource.type());
        return AwsIdentifiers.isEc2Id(resource.id(), kind) ? null : AwsIdentifiers.refused("id", resource.id(), "an EC2 id " + kind + "-…");
    }

    @Override
    public Map<String, String> tags(ResourceRef resource) {
        return byResource(ec2, List.of(resource.id())).getOrDefault(resource.id(), Map.of());
    }

    /**
     * The live tags of each of {@code resourceIds}, by resource id (DescribeTags, every page): a tag without a value is
     * empty, the last of a repeated key wins; a resource without tags is missing.
     */
    static Map<String, Map<String, String>> byResource(SignedQueryCall ec2, List<String> resourceIds) {
        Map<String, Map<String, String>> live = new HashMap<>();
        for (String tag : ec2.items("DescribeTags", SignedQueryCall.filter("resource-id", resourceIds), "tagSet")) {
            String value = SignedQueryCall.text(tag, "value");
            live.computeIfAbsent(SignedQueryCall.text(tag, "resourceId"), id -> new HashMap<>())
                    .put(SignedQueryCall.text(tag, "key"), value != null ? value : "");
        }
        return live;
    }

    @PreDestroy
    void close() {
        ec2.close();
    }
}
