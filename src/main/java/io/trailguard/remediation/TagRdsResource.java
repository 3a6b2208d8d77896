package io.trailguard.remediation;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.trailguard.policy.ActionSpec;
import io.trailguard.predicates.AwsIdentifiers;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.Tag;

/** Adds tags to an RDS resource by ARN; AddTagsToResource adds, it never drops other tags. */
@ApplicationScoped
public class TagRdsResource implements ActionExecutor {

    public static final String NAME = "rds.tag-resource";

    private final RdsClient rds;

    public TagRdsResource(RdsClient rds) {
        this.rds = rds;
    }

    public static ActionSpec spec(String arn, Map<String, String> tags) {
        return ActionSpec.of(NAME, "arn", arn, "tags", tags);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Permission> permissions() {
        return List.of(new Permission("rds:ListTagsForResource", "${arn}"), new Permission("rds:AddTagsToResource", "${arn}"));
    }

    @Override
    public String refusal(ActionSpec spec) {
        return ParamCheck.first(ParamCheck.string(spec, "arn", arn -> AwsIdentifiers.isArnOf(arn, "rds"), "an RDS resource ARN"),
                ParamCheck.tags(spec));
    }

    @Override
    public String target(ActionSpec spec) {
        return spec.string("arn") + " " + spec.map("tags").keySet();
    }

    @Override
    public boolean needed(ActionSpec spec) {
        Map<String, String> live = rds.listTagsForResource(b -> b.resourceName(spec.string("arn"))).tagList().stream()
                .collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> b));
        return !live.entrySet().containsAll(spec.map("tags").entrySet());
    }

    @Override
    public void apply(ActionSpec spec) {
        rds.addTagsToResource(b -> b.resourceName(spec.string("arn")).tags(spec.map("tags").entrySet().stream()
                .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList()));
    }
}
