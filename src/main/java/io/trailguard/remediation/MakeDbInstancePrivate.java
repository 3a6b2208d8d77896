package io.trailguard.remediation;

import java.util.List;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.trailguard.policy.ActionSpec;
import io.trailguard.predicates.AwsIdentifiers;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * Makes an RDS DB instance not publicly accessible. RDS applies a PubliclyAccessible change at once whatever
 * ApplyImmediately says; asking for it keeps the intent plain. Nothing else of the instance changes.
 */
@ApplicationScoped
public class MakeDbInstancePrivate implements ActionExecutor {

    public static final String NAME = "rds.make-instance-private";

    private final SignedQueryCall rds;

    @Inject
    public MakeDbInstancePrivate(AwsClientConfig config, AccountCredentials credentials) {
        this(config, (AwsCredentialsProvider) credentials);
    }

    MakeDbInstancePrivate(AwsClientConfig config, AwsCredentialsProvider credentials) {
        this.rds = SignedQueryCall.rds(config, credentials);
    }

    public static ActionSpec spec(String dbInstance) {
        return ActionSpec.of(NAME, "db-instance", dbInstance);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Permission> permissions() {
        String instance = "arn:aws:rds:*:*:db:${db-instance}";
        return List.of(new Permission("rds:DescribeDBInstances", instance), new Permission("rds:ModifyDBInstance", instance));
    }

    @Override
    public String refusal(ActionSpec spec) {
        return ParamCheck.string(spec, "db-instance", AwsIdentifiers::isDbInstanceIdentifier, "an RDS DB instance identifier");
    }

    @Override
    public String target(ActionSpec spec) {
        return spec.string("db-instance");
    }

    @Override
    public boolean needed(ActionSpec spec) {
        String answer = rds.call("DescribeDBInstances", SignedQueryCall.parameters("DBInstanceIdentifier", spec.string("db-instance")));
        List<String> live = SignedQueryCall.members(answer, "DBInstances", "DBInstance");
        return !live.isEmpty() && "true".equals(SignedQueryCall.text(live.get(0), "PubliclyAccessible"));
    }

    @Override
    public void apply(ActionSpec spec) {
        rds.call("ModifyDBInstance", SignedQueryCall.parameters("DBInstanceIdentifier", spec.string("db-instance"),
                "PubliclyAccessible", "false", "ApplyImmediately", "true"));
    }

    @PreDestroy
    void close() {
        rds.close();
    }
}
