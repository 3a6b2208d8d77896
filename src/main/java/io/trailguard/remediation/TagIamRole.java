package io.trailguard.remediation;

import java.util.List;
import java.util.Map;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.trailguard.policy.ActionSpec;
import io.trailguard.predicates.AwsIdentifiers;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/** Adds tags to an IAM role; TagRole adds, it never drops other tags. IAM's query API as signed calls. */
@ApplicationScoped
public class TagIamRole implements ActionExecutor {

    public static final String NAME = "iam.tag-role";

    private static final String ROLE_ARN = "arn:aws:iam::*:role/${role}";

    private final SignedQueryCall iam;

    @Inject
    public TagIamRole(AwsClientConfig config, AccountCredentials credentials) {
        this(config, (AwsCredentialsProvider) credentials);
    }

    TagIamRole(AwsClientConfig config, AwsCredentialsProvider credentials) {
        this.iam = SignedQueryCall.iam(config, credentials);
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
        Map<String, String> live = SignedQueryCall.tags(iam.members("ListRoleTags", SignedQueryCall.parameters("RoleName", spec.string("role")), "Tags"));
        return !live.entrySet().containsAll(spec.map("tags").entrySet());
    }

    @Override
    public void apply(ActionSpec spec) {
        Map<String, String> parameters = SignedQueryCall.parameters("RoleName", spec.string("role"));
        SignedQueryCall.putTags(parameters, "Tags.member.", spec.map("tags"));
        iam.call("TagRole", parameters);
    }

    @PreDestroy
    void close() {
        iam.close();
    }
}
