package io.trailguard.remediation;

import java.util.List;
import java.util.Map;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.trailguard.policy.ActionSpec;
import io.trailguard.predicates.AwsIdentifiers;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * Adds tags to EC2 resources (instances, volumes, security groups); CreateTags adds, it never drops other tags. EC2's
 * query API as signed calls ({@link SignedQueryCall#ec2}).
 */
@ApplicationScoped
public class TagEc2Resources implements ActionExecutor {

    public static final String NAME = "ec2.tag-resources";

    private final SignedQueryCall ec2;

    @Inject
    public TagEc2Resources(AwsClientConfig config, AccountCredentials credentials) {
        this(config, (AwsCredentialsProvider) credentials);
    }

    TagEc2Resources(AwsClientConfig config, AwsCredentialsProvider credentials) {
        this.ec2 = SignedQueryCall.ec2(config, credentials);
    }

    public static ActionSpec spec(List<String> resourceIds, Map<String, String> tags) {
        return ActionSpec.of(NAME, "resource-ids", resourceIds, "tags", tags);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Permission> permissions() {
        return List.of(Permission.onAny("ec2:DescribeTags"), new Permission("ec2:CreateTags", "arn:aws:ec2:*:*:*/${resource-ids}"));
    }

    @Override
    public String refusal(ActionSpec spec) {
        return ParamCheck.first(ParamCheck.strings(spec, "resource-ids",
                id -> AwsIdentifiers.isEc2Id(id, id.substring(0, Math.max(id.indexOf('-'), 0))), "an EC2 resource id"),
                ParamCheck.tags(spec));
    }

    @Override
    public String target(ActionSpec spec) {
        return String.join(",", spec.strings("resource-ids")) + " " + spec.map("tags").keySet();
    }

    @Override
    public boolean needed(ActionSpec spec) {
        List<String> resourceIds = spec.strings("resource-ids");
        Map<String, Map<String, String>> live = Ec2Tags.byResource(ec2, resourceIds);
        Map<String, String> tags = spec.map("tags");
        return resourceIds.stream().anyMatch(id -> !live.getOrDefault(id, Map.of()).entrySet().containsAll(tags.entrySet()));
    }

    @Override
    public void apply(ActionSpec spec) {
        Map<String, String> parameters = SignedQueryCall.parameters();
        SignedQueryCall.putList(parameters, "ResourceId.", spec.strings("resource-ids"));
        SignedQueryCall.putTags(parameters, "Tag.", spec.map("tags"));
        ec2.call("CreateTags", parameters);
    }

    @PreDestroy
    void close() {
        ec2.close();
    }
}
