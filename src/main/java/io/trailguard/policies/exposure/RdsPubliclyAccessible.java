package io.trailguard.policies.exposure;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

import io.trailguard.event.CloudTrailDetail;
import io.trailguard.event.TrailEvent;
import io.trailguard.policy.Decision;
import io.trailguard.policy.FailedCalls;
import io.trailguard.policy.HandlerNames;
import io.trailguard.policy.Mode;
import io.trailguard.policy.Policy;
import io.trailguard.policy.ResourceRef;
import io.trailguard.policy.Severity;
import io.trailguard.remediation.MakeDbInstancePrivate;

/**
 * An RDS DB instance or Multi-AZ DB cluster made reachable from the internet: created, restored or modified with
 * PubliclyAccessible. Enforce makes an instance private again; a cluster is alerted only, as ModifyDBCluster
 * cannot change its accessibility.
 */
@ApplicationScoped
public class RdsPubliclyAccessible implements Policy {

    /** Calls whose response tells the accessibility the new resource got, defaults included. */
    private static final Set<String> CREATIONS = Set.of("CreateDBInstance", "CreateDBInstanceReadReplica", "RestoreDBInstanceFromDBSnapshot",
            "RestoreDBInstanceToPointInTime", "RestoreDBInstanceFromS3", "CreateDBCluster", "RestoreDBClusterFromSnapshot",
            "RestoreDBClusterToPointInTime");

    @Override
    public String name() {
        return "rds-publicly-accessible";
    }

    @Override
    public String handler() {
        return HandlerNames.SHARING;
    }

    @Override
    public String description() {
        return "RDS DB instance or cluster created, restored or modified as publicly accessible";
    }

    @Override
    public String pattern() {
        return """
                {"source": ["aws.rds"],
                 "detail-type": ["AWS API Call via CloudTrail"],
                 "detail": {"eventSource": ["rds.amazonaws.com"],
                            "eventName": ["CreateDBInstance", "CreateDBInstanceReadReplica", "ModifyDBInstance",
                                          "RestoreDBInstanceFromDBSnapshot", "RestoreDBInstanceToPointInTime", "RestoreDBInstanceFromS3",
                                          "CreateDBCluster", "RestoreDBClusterFromSnapshot", "RestoreDBClusterToPointInTime"]}}
                """;
    }

    @Override
    public List<String> actions() {
        return List.of(MakeDbInstancePrivate.NAME);
    }

    @Override
    public List<String> resourceTypes() {
        return List.of(ResourceRef.RDS_DB_INSTANCE, ResourceRef.RDS_DB_CLUSTER);
    }

    @Override
    public Mode defaultMode() {
        // like a public bucket: making an instance private deletes nothing, and its data stays reachable inside the VPC
        return Mode.ENFORCE;
    }

    @Override
    public FailedCalls failedCalls() {
        // a refused attempt to open a database to the internet is probing for exfiltration
        return FailedCalls.ALERT;
    }

    @Override
    public List<String> attackTechniques() {
        // Modify Cloud Compute Infrastructure (as Elastic maps RDS changes), Automated Exfiltration (Panther's public restore)
        return List.of("T1578", "T1020");
    }

    @Override
    public Optional<String> runbook() {
        return Optional.of("https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_VPC.WorkingWithRDSInstanceinaVPC.html");
    }

    @Override
    public List<String> findingTypes() {
        return List.of("Effects/Data Exposure", "Software and Configuration Checks/AWS Security Best Practices");
    }

    @Override
    public Decision decide(TrailEvent event) {
        CloudTrailDetail detail = event.detail();
        JsonNode request = orMissing(detail.requestParameters());
        JsonNode response = orMissing(detail.responseElements());
        String eventName = detail.eventName();
        boolean cluster = eventName.contains("DBCluster");
        boolean asked = isTrue(request.get("publiclyAccessible"));
        // a creation without the flag is public by default in a subnet group with an internet gateway: its response tells
        boolean got = CREATIONS.contains(eventName) && isTrue(response.get("publiclyAccessible"));
        if (!asked && !got) {
            return Decision.noMatch(cluster ? "DB cluster not made publicly accessible" : "DB instance not made publicly accessible");
        }
        String how = asked ? "publiclyAccessible true in " + eventName : "publicly accessible by default after " + eventName;
        if (cluster) {
            String id = first(text(response, "dBClusterIdentifier"), text(request, "dBClusterIdentifier"));
            if (id == null) {
                return Decision.noMatch("no dBClusterIdentifier in the event");
            }
            return Decision.alert(Severity.HIGH, new ResourceRef(ResourceRef.RDS_DB_CLUSTER, id), "DB cluster " + id + " publicly accessible",
                    List.of(how, "ModifyDBCluster cannot make a DB cluster private: restrict its security groups or replace it"));
        }
        String id = first(text(response, "dBInstanceIdentifier"), text(request, "dBInstanceIdentifier"), text(request, "targetDBInstanceIdentifier"));
        if (id == null) {
            return Decision.noMatch("no dBInstanceIdentifier in the event");
        }
        // the identifier as given, valid or not: the executor refuses an invalid one, so the finding is alerted and nothing done
        return Decision.remediate(Severity.HIGH, new ResourceRef(ResourceRef.RDS_DB_INSTANCE, id), "DB instance " + id + " publicly accessible",
                List.of(how), List.of(MakeDbInstancePrivate.spec(id)));
    }

    private static boolean isTrue(JsonNode value) {
        return value != null && (value.asBoolean(false) || "true".equalsIgnoreCase(value.asText()));
    }

    private static JsonNode orMissing(JsonNode node) {
        return node == null || !node.isObject() ? MissingNode.getInstance() : node;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isValueNode() && !value.isNull() && !value.asText().isBlank() ? value.asText() : null;
    }

    private static String first(String... values) {
        for (String value : values) {
            if (value != null) {
                return value;
            }
        }
        return null;
    }
}
