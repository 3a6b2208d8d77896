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
 * Removes the public ("all") and the given accounts' launch permissions of an AMI; other shares stay. EC2's query API as
 * signed calls ({@link SignedQueryCall#ec2}).
 */
@ApplicationScoped
public class RemoveImageShare implements ActionExecutor {

    public static final String NAME = "ec2.remove-image-share";

    private final SignedQueryCall ec2;

    @Inject
    public RemoveImageShare(AwsClientConfig config, AccountCredentials credentials) {
        this(config, (AwsCredentialsProvider) credentials);
    }

    RemoveImageShare(AwsClientConfig config, AwsCredentialsProvider credentials) {
        this.ec2 = SignedQueryCall.ec2(config, credentials);
    }

    public static ActionSpec spec(String imageId, boolean everyone, List<String> accounts) {
        return ActionSpec.of(NAME, "image-id", imageId, "shares", Shares.of(everyone, accounts));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Permission> permissions() {
        String image = "arn:aws:ec2:*::image/${image-id}";
        return List.of(new Permission("ec2:DescribeImageAttribute", image), new Permission("ec2:ModifyImageAttribute", image));
    }

    @Override
    public String refusal(ActionSpec spec) {
        return ParamCheck.first(ParamCheck.string(spec, "image-id", id -> AwsIdentifiers.isEc2Id(id, "ami"), "an AMI id"),
                Shares.refusal(spec));
    }

    @Override
    public String target(ActionSpec spec) {
        return spec.string("image-id") + " shared with " + Shares.describe(spec);
    }

    @Override
    public boolean needed(ActionSpec spec) {
        String answer = ec2.call("DescribeImageAttribute", SignedQueryCall.parameters("ImageId", spec.string("image-id"),
                "Attribute", "launchPermission"));
        return Shares.anyRemoved(SignedQueryCall.items(answer, "launchPermission"), spec);
    }

    @Override
    public void apply(ActionSpec spec) {
        Map<String, String> parameters = SignedQueryCall.parameters("ImageId", spec.string("image-id"));
        int n = 0;
        if (Shares.everyone(spec)) {
            parameters.put("LaunchPermission.Remove." + ++n + ".Group", Shares.EVERYONE);
        }
        for (String account : Shares.accounts(spec)) {
            parameters.put("LaunchPermission.Remove." + ++n + ".UserId", account);
        }
        ec2.call("ModifyImageAttribute", parameters);
    }

    @PreDestroy
    void close() {
        ec2.close();
    }
}
