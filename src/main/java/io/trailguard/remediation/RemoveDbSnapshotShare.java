package io.trailguard.remediation;

import java.util.List;

import io.trailguard.policy.Remediation;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBSnapshotAttribute;

/** Removes "all" and the given accounts from an RDS DB snapshot's restore attribute; other accounts stay. */
public record RemoveDbSnapshotShare(RdsClient rds, String snapshot, List<String> values) implements Remediation {

    public RemoveDbSnapshotShare {
        values = List.copyOf(values);
    }

    @Override
    public String action() {
        return "rds:ModifyDBSnapshotAttribute";
    }

    @Override
    public String target() {
        return snapshot + " restorable by " + values;
    }

    @Override
    public boolean needed() {
        return !liveShares().isEmpty();
    }

    @Override
    public void apply() {
        List<String> live = liveShares();
        if (!live.isEmpty()) {
            rds.modifyDBSnapshotAttribute(b -> b.dbSnapshotIdentifier(snapshot).attributeName("restore").valuesToRemove(live));
        }
    }

    private List<String> liveShares() {
        return rds.describeDBSnapshotAttributes(b -> b.dbSnapshotIdentifier(snapshot)).dbSnapshotAttributesResult()
                .dbSnapshotAttributes().stream().filter(a -> "restore".equals(a.attributeName()))
                .map(DBSnapshotAttribute::attributeValues).flatMap(List::stream).filter(values::contains).toList();
    }
}
