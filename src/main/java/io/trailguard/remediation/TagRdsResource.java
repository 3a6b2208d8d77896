package io.trailguard.remediation;

import java.util.Map;
import java.util.stream.Collectors;

import io.trailguard.policy.Remediation;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.Tag;

/** Adds tags to an RDS resource by ARN; AddTagsToResource adds, it never drops other tags. */
public record TagRdsResource(RdsClient rds, String arn, Map<String, String> tags) implements Remediation {

    public TagRdsResource {
        tags = Map.copyOf(tags);
    }

    @Override
    public String action() {
        return "rds:AddTagsToResource";
    }

    @Override
    public String target() {
        return arn + " " + tags.keySet();
    }

    @Override
    public boolean needed() {
        Map<String, String> live = rds.listTagsForResource(b -> b.resourceName(arn)).tagList().stream()
                .collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> b));
        return !live.entrySet().containsAll(tags.entrySet());
    }

    @Override
    public void apply() {
        rds.addTagsToResource(b -> b.resourceName(arn)
                .tags(tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList()));
    }
}
