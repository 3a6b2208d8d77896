package io.trailguard.remediation;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.trailguard.policy.ActionSpec;
import io.trailguard.predicates.AwsIdentifiers;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagDescription;

/** Adds tags to EC2 resources (instances, volumes, security groups); CreateTags adds, it never drops other tags. */
@ApplicationScoped
public class TagEc2Resources implements ActionExecutor {

    public static final String NAME = "ec2.tag-resources";

    private final Ec2Client ec2;

    public TagEc2Resources(Ec2Client ec2) {
        this.ec2 = ec2;
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
        Map<String, Map<String, String>> live = new HashMap<>();
        for (TagDescription tag : ec2.describeTagsPaginator(b -> b.filters(Filter.builder().name("resource-id").values(resourceIds).build())).tags()) {
            live.computeIfAbsent(tag.resourceId(), k -> new HashMap<>()).put(tag.key(), tag.value());
        }
        Map<String, String> tags = spec.map("tags");
        return resourceIds.stream().anyMatch(id -> !live.getOrDefault(id, Map.of()).entrySet().containsAll(tags.entrySet()));
    }

    @Override
    public void apply(ActionSpec spec) {
        ec2.createTags(b -> b.resources(spec.strings("resource-ids")).tags(spec.map("tags").entrySet().stream()
                .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList()));
    }
}
