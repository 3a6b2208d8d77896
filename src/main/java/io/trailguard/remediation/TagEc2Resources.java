package io.trailguard.remediation;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.trailguard.policy.Remediation;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagDescription;

/** Adds tags to EC2 resources (instances, volumes, security groups); CreateTags adds, it never drops other tags. */
public record TagEc2Resources(Ec2Client ec2, List<String> resourceIds, Map<String, String> tags) implements Remediation {

    public TagEc2Resources {
        resourceIds = List.copyOf(resourceIds);
        tags = Map.copyOf(tags);
    }

    @Override
    public String action() {
        return "ec2:CreateTags";
    }

    @Override
    public String target() {
        return String.join(",", resourceIds) + " " + tags.keySet();
    }

    @Override
    public boolean needed() {
        Map<String, Map<String, String>> live = new HashMap<>();
        for (TagDescription tag : ec2.describeTagsPaginator(b -> b.filters(Filter.builder().name("resource-id").values(resourceIds).build())).tags()) {
            live.computeIfAbsent(tag.resourceId(), k -> new HashMap<>()).put(tag.key(), tag.value());
        }
        return resourceIds.stream().anyMatch(id -> !live.getOrDefault(id, Map.of()).entrySet().containsAll(tags.entrySet()));
    }

    @Override
    public void apply() {
        ec2.createTags(b -> b.resources(resourceIds)
                .tags(tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList()));
    }
}
