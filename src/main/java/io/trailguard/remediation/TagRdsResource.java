package io.trailguard.remediation;

import java.util.List;
import java.util.Map;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.trailguard.policy.ActionSpec;
import io.trailguard.predicates.AwsIdentifiers;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/** Adds tags to an RDS resource by ARN; AddTagsToResource adds, it never drops other tags. */
@ApplicationScoped
public class TagRdsResource implements ActionExecutor {

    public static final String NAME = "rds.tag-resource";

    private final SignedQueryCall rds;

    @Inject
    public TagRdsResource(AwsClientConfig config, AccountCredentials credentials) {
        this(config, (AwsCredentialsProvider) credentials);
    }

    TagRdsResource(AwsClientConfig config, AwsCredentialsProvider credentials) {
        this.rds = SignedQueryCall.rds(config, credentials);
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
        String answer = rds.call("ListTagsForResource", SignedQueryCall.parameters("ResourceName", spec.string("arn")));
        Map<String, String> live = SignedQueryCall.tags(SignedQueryCall.members(answer, "TagList", "Tag"));
        return !live.entrySet().containsAll(spec.map("tags").entrySet());
    }

    @Override
    public void apply(ActionSpec spec) {
        Map<String, String> parameters = SignedQueryCall.parameters("ResourceName", spec.string("arn"));
        SignedQueryCall.putTags(parameters, "Tags.Tag.", spec.map("tags"));
        rds.call("AddTagsToResource", parameters);
    }

    @PreDestroy
    void close() {
        rds.close();
    }
}
