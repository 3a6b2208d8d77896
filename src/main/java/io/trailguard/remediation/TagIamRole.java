package io.trailguard.remediation;

import java.util.Map;
import java.util.stream.Collectors;

import io.trailguard.policy.Remediation;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.Tag;

/** Adds tags to an IAM role; TagRole adds, it never drops other tags. */
public record TagIamRole(IamClient iam, String roleName, Map<String, String> tags) implements Remediation {

    public TagIamRole {
        tags = Map.copyOf(tags);
    }

    @Override
    public String action() {
        return "iam:TagRole";
    }

    @Override
    public String target() {
        return roleName + " " + tags.keySet();
    }

    @Override
    public boolean needed() {
        Map<String, String> live = iam.listRoleTags(b -> b.roleName(roleName)).tags().stream()
                .collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> b));
        return !live.entrySet().containsAll(tags.entrySet());
    }

    @Override
    public void apply() {
        iam.tagRole(b -> b.roleName(roleName)
                .tags(tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList()));
    }
}
