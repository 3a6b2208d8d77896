package io.trailguard.remediation;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.trailguard.policy.ActionSpec;
import io.trailguard.predicates.AwsIdentifiers;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.Tag;

/** Adds tags to an IAM role; TagRole adds, it never drops other tags. */
@ApplicationScoped
public class TagIamRole implements ActionExecutor {

    public static final String NAME = "iam.tag-role";

    private static final String ROLE_ARN = "arn:aws:iam::*:role/${role}";

    private final IamClient iam;

    public TagIamRole(IamClient iam) {
        this.iam = iam;
    }

    public static ActionSpec spec(String role, Map<String, String> tags) {
        return ActionSpec.of(NAME, "role", role, "tags", tags);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Permission> permissions() {
        return List.of(new Permission("iam:ListRoleTags", ROLE_ARN), new Permission("iam:TagRole", ROLE_ARN));
    }

    @Override
    public String refusal(ActionSpec spec) {
        return ParamCheck.first(ParamCheck.string(spec, "role", AwsIdentifiers::isIamName, "a valid IAM name"), ParamCheck.tags(spec));
    }

    @Override
    public String target(ActionSpec spec) {
        return spec.string("role") + " " + spec.map("tags").keySet();
    }

    @Override
    public boolean needed(ActionSpec spec) {
        Map<String, String> live = iam.listRoleTags(b -> b.roleName(spec.string("role"))).tags().stream()
                .collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> b));
        return !live.entrySet().containsAll(spec.map("tags").entrySet());
    }

    @Override
    public void apply(ActionSpec spec) {
        iam.tagRole(b -> b.roleName(spec.string("role")).tags(spec.map("tags").entrySet().stream()
                .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList()));
    }
}
