package io.trailguard.remediation;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.trailguard.policy.ActionSpec;
import io.trailguard.predicates.AwsIdentifiers;
import software.amazon.awssdk.services.s3control.S3ControlClient;
import software.amazon.awssdk.services.s3control.model.PublicAccessBlockConfiguration;
import software.amazon.awssdk.services.s3control.model.S3ControlException;

/** Turns all four settings of an account's S3 public access block on: the floor no bucket setting can lower. */
@ApplicationScoped
public class BlockAccountPublicAccess implements ActionExecutor {

    public static final String NAME = "s3.block-account-public-access";

    private final S3ControlClient s3Control;

    public BlockAccountPublicAccess(S3ControlClient s3Control) {
        this.s3Control = s3Control;
    }

    public static ActionSpec spec(String account) {
        return ActionSpec.of(NAME, "account", account);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Permission> permissions() {
        // account-level: no resource-level permission; DeletePublicAccessBlock is granted by the Put action too
        return List.of(Permission.onAny("s3:GetAccountPublicAccessBlock"), Permission.onAny("s3:PutAccountPublicAccessBlock"));
    }

    @Override
    public String refusal(ActionSpec spec) {
        return ParamCheck.string(spec, "account", AwsIdentifiers::isAccountId, "a 12-digit account id");
    }

    @Override
    public String target(ActionSpec spec) {
        return "S3 public access block of account " + spec.string("account");
    }

    @Override
    public boolean needed(ActionSpec spec) {
        PublicAccessBlockConfiguration current;
        try {
            current = s3Control.getPublicAccessBlock(b -> b.accountId(spec.string("account"))).publicAccessBlockConfiguration();
        } catch (S3ControlException e) {
            if ("NoSuchPublicAccessBlockConfiguration".equals(e.awsErrorDetails().errorCode())) {
                return true;
            }
            throw e;
        }
        return !(isTrue(current.blockPublicAcls()) && isTrue(current.ignorePublicAcls())
                && isTrue(current.blockPublicPolicy()) && isTrue(current.restrictPublicBuckets()));
    }

    @Override
    public void apply(ActionSpec spec) {
        s3Control.putPublicAccessBlock(b -> b.accountId(spec.string("account")).publicAccessBlockConfiguration(c -> c
                .blockPublicAcls(true).ignorePublicAcls(true).blockPublicPolicy(true).restrictPublicBuckets(true)));
    }

    private static boolean isTrue(Boolean b) {
        return Boolean.TRUE.equals(b);
    }
}
