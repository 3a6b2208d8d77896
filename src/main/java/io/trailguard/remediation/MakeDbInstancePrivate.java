package io.trailguard.remediation;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.trailguard.policy.ActionSpec;
import io.trailguard.predicates.AwsIdentifiers;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;

/**
 * Makes an RDS DB instance not publicly accessible. RDS applies a PubliclyAccessible change at once whatever
 * ApplyImmediately says; asking for it keeps the intent plain. Nothing else of the instance changes.
 */
@ApplicationScoped
public class MakeDbInstancePrivate implements ActionExecutor {

    public static final String NAME = "rds.make-instance-private";

    private final RdsClient rds;

    public MakeDbInstancePrivate(RdsClient rds) {
        this.rds = rds;
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
        List<DBInstance> live = rds.describeDBInstances(b -> b.dbInstanceIdentifier(spec.string("db-instance"))).dbInstances();
        return !live.isEmpty() && Boolean.TRUE.equals(live.get(0).publiclyAccessible());
    }

    @Override
    public void apply(ActionSpec spec) {
        rds.modifyDBInstance(b -> b.dbInstanceIdentifier(spec.string("db-instance")).publiclyAccessible(false).applyImmediately(true));
    }
}
