package io.trailguard.remediation;

import java.util.List;

import io.trailguard.policy.Remediation;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBClusterSnapshotAttribute;

/** Removes "all" and the given accounts from an Aurora cluster snapshot's restore attribute; other accounts stay. */
public record RemoveDbClusterSnapshotShare(RdsClient rds, String snapshot, List<String> values) implements Remediation {

    public RemoveDbClusterSnapshotShare {
        values = List.copyOf(values);
    }

    @Override
    public String action() {
        return "rds:ModifyDBClusterSnapshotAttribute";
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
            rds.modifyDBClusterSnapshotAttribute(b -> b.dbClusterSnapshotIdentifier(snapshot).attributeName("restore").valuesToRemove(live));
        }
    }

    private List<String> liveShares() {
        return rds.describeDBClusterSnapshotAttributes(b -> b.dbClusterSnapshotIdentifier(snapshot)).dbClusterSnapshotAttributesResult()
                .dbClusterSnapshotAttributes().stream().filter(a -> "restore".equals(a.attributeName()))
                .map(DBClusterSnapshotAttribute::attributeValues).flatMap(List::stream).filter(values::contains).toList();
    }
}
