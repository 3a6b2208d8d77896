package io.trailguard.remediation;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.trailguard.policy.ResourceRef;
import io.trailguard.policy.TagReader;
import io.trailguard.predicates.AwsIdentifiers;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.TagDescription;

/** The tags of an EC2 resource (instance, security group, volume, snapshot, AMI, network ACL, key pair) by its id. */
@ApplicationScoped
public class Ec2Tags implements TagReader {

    /** Each type by the prefix of its ids. */
    private static final Map<String, String> KINDS = Map.of(ResourceRef.EC2_INSTANCE, "i", ResourceRef.EC2_SECURITY_GROUP, "sg",
            ResourceRef.EC2_VOLUME, "vol", ResourceRef.EC2_SNAPSHOT, "snap", ResourceRef.EC2_IMAGE, "ami", ResourceRef.EC2_NETWORK_ACL, "acl",
            ResourceRef.EC2_KEY_PAIR, "key");

    private final Ec2Client ec2;

    public Ec2Tags(Ec2Client ec2) {
        this.ec2 = ec2;
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
        return ec2.describeTagsPaginator(b -> b.filters(Filter.builder().name("resource-id").values(resource.id()).build()))
                .tags().stream().collect(Collectors.toMap(TagDescription::key, TagDescription::value, (a, b) -> b));
    }
}
