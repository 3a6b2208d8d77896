package io.trailguard.remediation;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.trailguard.policy.ActionSpec;
import io.trailguard.predicates.AwsIdentifiers;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBSnapshotAttribute;

/** Removes "all" and the given accounts from an RDS DB snapshot's restore attribute; other accounts stay. */
@ApplicationScoped
public class RemoveDbSnapshotShare implements ActionExecutor {

    public static final String NAME = "rds.remove-db-snapshot-share";

    private final RdsClient rds;

    public RemoveDbSnapshotShare(RdsClient rds) {
        this.rds = rds;
    }

    public static ActionSpec spec(String snapshot, boolean everyone, List<String> accounts) {
        return ActionSpec.of(NAME, "snapshot", snapshot, "shares", Shares.of(everyone, accounts));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Permission> permissions() {
        String snapshot = "arn:aws:rds:*:*:snapshot:${snapshot}";
        return List.of(new Permission("rds:DescribeDBSnapshotAttributes", snapshot), new Permission("rds:ModifyDBSnapshotAttribute", snapshot));
    }

    @Override
    public String refusal(ActionSpec spec) {
        return ParamCheck.first(ParamCheck.string(spec, "snapshot", AwsIdentifiers::isDbSnapshotIdentifier, "a DB snapshot identifier"),
                Shares.refusal(spec));
    }

    @Override
    public String target(ActionSpec spec) {
        return spec.string("snapshot") + " restorable by " + spec.strings("shares");
    }

    @Override
    public boolean needed(ActionSpec spec) {
        return !liveShares(spec).isEmpty();
    }

    @Override
    public void apply(ActionSpec spec) {
        List<String> live = liveShares(spec);
        if (!live.isEmpty()) {
            rds.modifyDBSnapshotAttribute(b -> b.dbSnapshotIdentifier(spec.string("snapshot")).attributeName("restore").valuesToRemove(live));
        }
    }

    private List<String> liveShares(ActionSpec spec) {
        List<String> shares = spec.strings("shares");
        return rds.describeDBSnapshotAttributes(b -> b.dbSnapshotIdentifier(spec.string("snapshot"))).dbSnapshotAttributesResult()
                .dbSnapshotAttributes().stream().filter(a -> "restore".equals(a.attributeName()))
                .map(DBSnapshotAttribute::attributeValues).flatMap(List::stream).filter(shares::contains).toList();
    }
}
