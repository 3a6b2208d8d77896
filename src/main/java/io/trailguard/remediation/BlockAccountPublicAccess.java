package io.trailguard.remediation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.trailguard.policy.ActionSpec;
import io.trailguard.predicates.AwsIdentifiers;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * Turns all four settings of an account's S3 public access block on: the floor no bucket setting can lower. By signed
 * S3 Control calls ({@link AccountPublicAccessBlockCalls}).
 */
@ApplicationScoped
public class BlockAccountPublicAccess implements ActionExecutor {

    public static final String NAME = "s3.block-account-public-access";

    /** The four settings, in the order S3 Control's PublicAccessBlockConfiguration has them. */
    private static final List<String> SETTINGS = List.of("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets");

    private final AccountPublicAccessBlockCalls s3Control;

    @Inject
    public BlockAccountPublicAccess(AwsClientConfig config, AccountCredentials credentials) {
        this(AccountPublicAccessBlockCalls.of(config, credentials));
    }

    BlockAccountPublicAccess(AccountPublicAccessBlockCalls s3Control) {
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
        S3Xml current;
        try {
            current = s3Control.get(spec.string("account"));
        } catch (AwsServiceException e) {
            if ("NoSuchPublicAccessBlockConfiguration".equals(e.awsErrorDetails().errorCode())) {
                return true;
            }
            throw e;
        }
        return !SETTINGS.stream().allMatch(setting -> current != null && "true".equalsIgnoreCase(trim(current.text(setting))));
    }

    @Override
    public void apply(ActionSpec spec) {
        Map<String, Boolean> all = new LinkedHashMap<>();
        SETTINGS.forEach(setting -> all.put(setting, true));
        s3Control.put(spec.string("account"), all);
    }

    private static String trim(String text) {
        return text == null ? null : text.strip();
    }

    @PreDestroy
    void close() {
        s3Control.close();
    }
}
