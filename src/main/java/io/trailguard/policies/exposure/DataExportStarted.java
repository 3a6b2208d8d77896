package io.trailguard.policies.exposure;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.Config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

import io.trailguard.event.CloudTrailDetail;
import io.trailguard.event.TrailEvent;
import io.trailguard.policy.ActionSpec;
import io.trailguard.policy.Decision;
import io.trailguard.policy.FailedCalls;
import io.trailguard.policy.HandlerNames;
import io.trailguard.policy.Mode;
import io.trailguard.policy.Policy;
import io.trailguard.policy.PolicySettings;
import io.trailguard.policy.ResourceRef;
import io.trailguard.policy.Setting;
import io.trailguard.policy.Severity;
import io.trailguard.remediation.CancelDbExportTask;
import io.trailguard.remediation.CancelEc2ExportTask;

/**
 * Data leaving its account or region in bulk: an EC2 instance or AMI exported to S3 (CreateInstanceExportTask,
 * ExportImage), an RDS snapshot exported to S3 (StartExportTask), and copies of snapshots and AMIs into this region
 * from another one, or under a KMS key of an untrusted account. Alerts by default, since exports and copies
 * have everyday uses; enforce cancels an export still running. A copy is alerted only: the copy is the evidence.
 */
@ApplicationScoped
public class DataExportStarted implements Policy {

    /** Regions a copy may arrive in without a finding: a disaster-recovery region, say. */
    static final Setting<List<String>> COPY_REGIONS = Setting.texts("copy-regions", List.of());
    /** Accounts whose KMS keys a copy may be encrypted under, besides the copying account. */
    static final Setting<List<String>> TRUSTED_ACCOUNTS = Setting.texts("trusted-accounts", List.of());

    private final Set<String> copyRegions;
    private final Set<String> trustedAccounts;

    public DataExportStarted(Config config) {
        PolicySettings settings = PolicySettings.of(name(), config);
        this.copyRegions = Set.copyOf(settings.get(COPY_REGIONS));
        this.trustedAccounts = Set.copyOf(settings.get(TRUSTED_ACCOUNTS));
    }

    @Override
    public String name() {
        return "data-export-started";
    }

    @Override
    public String handler() {
        return HandlerNames.SHARING;
    }

    @Override
    public String description() {
        return "Instance, AMI or DB snapshot exported to S3, or a snapshot or AMI copied across regions or to a foreign KMS key";
    }

    @Override
    public String pattern() {
        return """
                {"source": ["aws.ec2", "aws.rds"],
                 "detail-type": ["AWS API Call via CloudTrail"],
                 "detail": {"eventSource": ["ec2.amazonaws.com", "rds.amazonaws.com"],
                            "eventName": ["CreateInstanceExportTask", "ExportImage", "StartExportTask",
                                          "CopySnapshot", "CopyImage", "CopyDBSnapshot", "CopyDBClusterSnapshot"]}}
                """;
    }

    @Override
    public List<String> actions() {
        return List.of(CancelEc2ExportTask.NAME, CancelDbExportTask.NAME);
    }

    @Override
    public List<String> resourceTypes() {
        return List.of(ResourceRef.EC2_INSTANCE, ResourceRef.EC2_IMAGE, ResourceRef.EC2_SNAPSHOT, ResourceRef.RDS_DB_SNAPSHOT,
                ResourceRef.RDS_DB_CLUSTER_SNAPSHOT, ResourceRef.RDS_DB_CLUSTER);
    }

    @Override
    public List<Setting<?>> settings() {
        return List.of(COPY_REGIONS, TRUSTED_ACCOUNTS);
    }

    @Override
    public Mode defaultMode() {
        // analytics exports and DR copies are routine; cancelling one is an opt-in (mode=enforce)
        return Mode.ALERT;
    }

    @Override
    public FailedCalls failedCalls() {
        // a refused export is an exfiltration attempt all the same
        return FailedCalls.ALERT;
    }

    @Override
    public List<String> attackTechniques() {
        // Transfer Data to Cloud Account
        return List.of("T1537");
    }

    @Override
    public Optional<String> runbook() {
        return Optional.of("https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ExportSnapshot.html");
    }

    @Override
    public List<String> findingTypes() {
        return List.of("Effects/Data Exfiltration", "TTPs/Exfiltration");
    }

    @Override
    public Decision decide(TrailEvent event) {
        CloudTrailDetail detail = event.detail();
        JsonNode request = orMissing(detail.requestParameters());
        JsonNode response = orMissing(detail.responseElements());
        String account = detail.recipientAccountId() != null ? detail.recipientAccountId() : event.account();
        String region = detail.awsRegion() != null ? detail.awsRegion() : event.region();
        return switch (detail.eventName()) {
            case "CreateInstanceExportTask" -> ec2Export(ResourceRef.EC2_INSTANCE, "instance", text(request, "instanceId"),
                    text(request.path("exportToS3"), "s3Bucket"), text(response.path("exportTask"), "exportTaskId"));
            case "ExportImage" -> ec2Export(ResourceRef.EC2_IMAGE, "AMI", text(request, "imageId"),
                    text(request.path("s3ExportLocation"), "s3Bucket"), text(response, "exportImageTaskId"));
            case "StartExportTask" -> dbExport(request);
            case "CopySnapshot" -> copy(ResourceRef.EC2_SNAPSHOT, "snapshot", first(text(response, "snapshotId"), text(request, "sourceSnapshotId")),
                    text(request, "sourceRegion"), region, text(request, "kmsKeyId"), account);
            case "CopyImage" -> copy(ResourceRef.EC2_IMAGE, "AMI", first(text(response, "imageId"), text(request, "sourceImageId")),
                    text(request, "sourceRegion"), region, text(request, "kmsKeyId"), account);
            case "CopyDBSnapshot" -> dbCopy(ResourceRef.RDS_DB_SNAPSHOT, "DB snapshot", text(request, "sourceDBSnapshotIdentifier"),
                    text(request, "targetDBSnapshotIdentifier"), request, region, account);
            case "CopyDBClusterSnapshot" -> dbCopy(ResourceRef.RDS_DB_CLUSTER_SNAPSHOT, "DB cluster snapshot",
                    text(request, "sourceDBClusterSnapshotIdentifier"), text(request, "targetDBClusterSnapshotIdentifier"), request, region, account);
            default -> Decision.noMatch("not an export or copy call");
        };
    }

    private static Decision ec2Export(String type, String kind, String id, String bucket, String taskId) {
        if (id == null) {
            return Decision.noMatch("the export names no " + kind);
        }
        List<String> findings = List.of(kind + " " + id + " exported to S3 bucket " + (bucket == null ? "?" : bucket)
                + (taskId == null ? "" : " by export task " + taskId));
        // without a task id (a response CloudTrail left out) there is nothing to cancel: alerted only
        List<ActionSpec> cancel = taskId == null ? List.of() : List.of(CancelEc2ExportTask.spec(taskId));
        return Decision.remediate(Severity.MEDIUM, new ResourceRef(type, id), kind + " " + id + " exported to S3", findings, cancel);
    }

    private static Decision dbExport(JsonNode request) {
        String task = text(request, "exportTaskIdentifier");
        String source = text(request, "sourceArn");
        if (task == null || source == null) {
            return Decision.noMatch("the export names no exportTaskIdentifier or sourceArn");
        }
        ResourceRef resource = rdsResource(source);
        String bucket = text(request, "s3BucketName");
        return Decision.remediate(Severity.MEDIUM, resource, resource.id() + " exported to S3",
                List.of(source + " exported to S3 bucket " + (bucket == null ? "?" : bucket) + " by export task " + task),
                List.of(CancelDbExportTask.spec(task)));
    }

    /** What an export's source ARN names: a DB snapshot, a cluster snapshot or a cluster, by its identifier. */
    private static ResourceRef rdsResource(String arn) {
        String[] parts = arn.split(":", 7);
        if (parts.length == 7 && parts[0].equals("arn") && parts[2].equals("rds")) {
            String type = switch (parts[5]) {
                case "cluster-snapshot" -> ResourceRef.RDS_DB_CLUSTER_SNAPSHOT;
                case "cluster" -> ResourceRef.RDS_DB_CLUSTER;
                default -> ResourceRef.RDS_DB_SNAPSHOT;
            };
            return new ResourceRef(type, parts[6]);
        }
        return new ResourceRef(ResourceRef.RDS_DB_SNAPSHOT, arn);
    }

    private Decision dbCopy(String type, String kind, String source, String target, JsonNode request, String region, String account) {
        if (source == null) {
            return Decision.noMatch("the copy names no source");
        }
        // a copy from another region names its source by ARN; the SDKs' presigned copies also log sourceRegion
        String[] parts = source.split(":");
        String sourceRegion = parts.length > 3 && source.startsWith("arn:") ? parts[3] : text(request, "sourceRegion");
        return copy(type, kind, target != null ? target : source, sourceRegion, region, text(request, "kmsKeyId"), account);
    }

    private Decision copy(String type, String kind, String id, String sourceRegion, String region, String kmsKey, String account) {
        if (id == null) {
            return Decision.noMatch("the copy names no " + kind);
        }
        List<String> findings = new ArrayList<>();
        Severity severity = Severity.MEDIUM;
        if (sourceRegion != null && region != null && !sourceRegion.equals(region) && !copyRegions.contains(region)) {
            findings.add(kind + " " + id + " copied from " + sourceRegion + " to " + region);
        }
        String keyAccount = keyAccount(kmsKey);
        if (keyAccount != null && !keyAccount.equals(account) && !trustedAccounts.contains(keyAccount)) {
            findings.add(kind + " " + id + " encrypted under a KMS key of account " + keyAccount);
            severity = Severity.HIGH;
        }
        if (findings.isEmpty()) {
            return Decision.noMatch("copy within its region or into an allowed copy region, under the account's own or a trusted key");
        }
        return Decision.alert(severity, new ResourceRef(type, id), kind + " " + id + " copied across regions or accounts", findings);
    }

    /** The account of a KMS key or alias ARN; null for a bare key id or alias name, which are the caller's own. */
    private static String keyAccount(String kmsKey) {
        if (kmsKey == null || !kmsKey.startsWith("arn:")) {
            return null;
        }
        String[] parts = kmsKey.split(":");
        return parts.length > 4 && !parts[4].isEmpty() ? parts[4] : null;
    }

    private static JsonNode orMissing(JsonNode node) {
        return node == null || !node.isObject() ? MissingNode.getInstance() : node;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isValueNode() && !value.isNull() && !value.asText().isBlank() ? value.asText() : null;
    }

    private static String first(String a, String b) {
        return a != null ? a : b;
    }
}
