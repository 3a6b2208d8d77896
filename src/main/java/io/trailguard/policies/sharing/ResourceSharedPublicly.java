package io.trailguard.policies.sharing;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.Config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

import io.trailguard.event.CloudTrailDetail;
import io.trailguard.event.Ec2Items;
import io.trailguard.event.TrailEvent;
import io.trailguard.policy.ActionSpec;
import io.trailguard.policy.Decision;
import io.trailguard.policy.FailedCalls;
import io.trailguard.policy.HandlerNames;
import io.trailguard.policy.Mode;
import io.trailguard.policy.Policy;
import io.trailguard.policy.PolicySettings;
import io.trailguard.policy.ResourceRef;
import io.trailguard.policy.Severity;
import io.trailguard.policy.Setting;
import io.trailguard.predicates.AwsIdentifiers;
import io.trailguard.remediation.RemoveDbClusterSnapshotShare;
import io.trailguard.remediation.RemoveDbSnapshotShare;
import io.trailguard.remediation.RemoveImageShare;
import io.trailguard.remediation.RemoveSnapshotShare;

/**
 * An EBS snapshot, AMI or RDS (cluster) snapshot shared with everyone ({@code all}: HIGH) or with an account
 * that is neither the owner nor trusted (MEDIUM). Enforce removes exactly those shares, nothing else.
 */
@ApplicationScoped
public class ResourceSharedPublicly implements Policy {

    /** Accounts a resource may be shared with; any other share is public enough to undo. */
    static final Setting<List<String>> TRUSTED_ACCOUNTS = Setting.texts("trusted-accounts", List.of());

    private static final String EVERYONE = "all";

    private final Set<String> trustedAccounts;

    public ResourceSharedPublicly(Config config) {
        this.trustedAccounts = Set.copyOf(PolicySettings.of(name(), config).get(TRUSTED_ACCOUNTS));
    }

    @Override
    public String name() {
        return "resource-shared-publicly";
    }

    @Override
    public String handler() {
        return HandlerNames.SHARING;
    }

    @Override
    public String description() {
        return "Snapshot or AMI shared publicly or with an untrusted account";
    }

    @Override
    public List<String> attackTechniques() {
        return List.of("T1537");
    }

    @Override
    public String pattern() {
        return """
                {"source": ["aws.ec2", "aws.rds"],
                 "detail-type": ["AWS API Call via CloudTrail"],
                 "detail": {"eventSource": ["ec2.amazonaws.com", "rds.amazonaws.com"],
                            "eventName": ["ModifySnapshotAttribute", "ModifyImageAttribute",
                                          "ModifyDBSnapshotAttribute", "ModifyDBClusterSnapshotAttribute"]}}
                """;
    }

    @Override
    public List<String> actions() {
        return List.of(RemoveSnapshotShare.NAME, RemoveImageShare.NAME, RemoveDbSnapshotShare.NAME, RemoveDbClusterSnapshotShare.NAME);
    }

    @Override
    public List<String> resourceTypes() {
        return List.of(ResourceRef.EC2_SNAPSHOT, ResourceRef.EC2_IMAGE, ResourceRef.RDS_DB_SNAPSHOT, ResourceRef.RDS_DB_CLUSTER_SNAPSHOT);
    }

    @Override
    public List<Setting<?>> settings() {
        return List.of(TRUSTED_ACCOUNTS);
    }

    @Override
    public Mode defaultMode() {
        // like a public bucket: undoing a share deletes nothing, and re-sharing is one call
        return Mode.ENFORCE;
    }

    @Override
    public FailedCalls failedCalls() {
        // a refused public share of a snapshot or AMI is an attempt at exfiltration, like a public bucket
        return FailedCalls.ALERT;
    }

    @Override
    public Decision decide(TrailEvent event) {
        CloudTrailDetail detail = event.detail();
        JsonNode request = detail.requestParameters() == null ? MissingNode.getInstance() : detail.requestParameters();
        String owner = detail.recipientAccountId() != null ? detail.recipientAccountId() : event.account();
        return switch (detail.eventName()) {
            case "ModifySnapshotAttribute" -> ec2Share(request, "snapshotId", "createVolumePermission", owner, true);
            case "ModifyImageAttribute" -> ec2Share(request, "imageId", "launchPermission", owner, false);
            case "ModifyDBSnapshotAttribute" -> dbShare(request, "dBSnapshotIdentifier", owner, false);
            case "ModifyDBClusterSnapshotAttribute" -> dbShare(request, "dBClusterSnapshotIdentifier", owner, true);
            default -> Decision.noMatch("not a sharing call");
        };
    }

    private Decision ec2Share(JsonNode request, String idField, String attribute, String owner, boolean snapshot) {
        String id = text(request, idField);
        if (id == null) {
            return Decision.noMatch("no " + idField + " in requestParameters");
        }
        List<JsonNode> added = Ec2Items.of(request.path(attribute).path("add"));
        if (added.isEmpty()) {
            return Decision.noMatch("no " + attribute + " added");
        }
        boolean everyone = false;
        List<String> accounts = new ArrayList<>();
        List<String> invalid = new ArrayList<>();
        for (JsonNode item : added) {
            if (EVERYONE.equals(item.path("group").asText())) {
                everyone = true;
            }
            String account = item.path("userId").asText(null);
            if (account != null) {
                addAccount(account, owner, accounts, invalid);
            }
        }
        ActionSpec removal = snapshot ? RemoveSnapshotShare.spec(id, everyone, accounts) : RemoveImageShare.spec(id, everyone, accounts);
        return shared(snapshot ? ResourceRef.EC2_SNAPSHOT : ResourceRef.EC2_IMAGE, snapshot ? "snapshot" : "AMI", id, everyone, accounts,
                invalid, removal);
    }

    private Decision dbShare(JsonNode request, String idField, String owner, boolean cluster) {
        String id = text(request, idField);
        if (id == null) {
            return Decision.noMatch("no " + idField + " in requestParameters");
        }
        if (!"restore".equals(request.path("attributeName").asText())) {
            return Decision.noMatch("attribute " + request.path("attributeName").asText("?") + " is not restore");
        }
        if (request.path("valuesToAdd").isEmpty()) {
            return Decision.noMatch("no account added to restore");
        }
        boolean everyone = false;
        List<String> accounts = new ArrayList<>();
        List<String> invalid = new ArrayList<>();
        for (JsonNode value : request.path("valuesToAdd")) {
            String v = value.asText();
            if (EVERYONE.equals(v)) {
                everyone = true;
            } else {
                addAccount(v, owner, accounts, invalid);
            }
        }
        ActionSpec removal = cluster ? RemoveDbClusterSnapshotShare.spec(id, everyone, accounts) : RemoveDbSnapshotShare.spec(id, everyone, accounts);
        return shared(cluster ? ResourceRef.RDS_DB_CLUSTER_SNAPSHOT : ResourceRef.RDS_DB_SNAPSHOT,
                cluster ? "DB cluster snapshot" : "DB snapshot", id, everyone, accounts, invalid, removal);
    }

    /** An untrusted account joins {@code accounts}; one AWS would not accept joins {@code invalid}, as the rest is judged without it. */
    private void addAccount(String account, String owner, List<String> accounts, List<String> invalid) {
        if (!AwsIdentifiers.isAccountId(account)) {
            invalid.add(account);
        } else if (!account.equals(owner) && !trustedAccounts.contains(account)) {
            accounts.add(account);
        }
    }

    private static Decision shared(String type, String kind, String id, boolean everyone, List<String> accounts, List<String> invalid,
            ActionSpec removal) {
        if (!everyone && accounts.isEmpty()) {
            return Decision.noMatch("shared only with the owner or trusted accounts"
                    + (invalid.isEmpty() ? "" : ", and invalid account ids " + quoted(invalid)));
        }
        List<String> findings = new ArrayList<>();
        if (everyone) {
            findings.add(kind + " " + id + " shared with everyone (all)");
        }
        accounts.forEach(a -> findings.add(kind + " " + id + " shared with untrusted account " + a));
        if (!invalid.isEmpty()) {
            findings.add("invalid account ids left out: " + quoted(invalid));
        }
        // the id as given, valid or not: the executor refuses an invalid one, so the finding is alerted and nothing done
        return Decision.remediate(everyone ? Severity.HIGH : Severity.MEDIUM, new ResourceRef(type, id),
                kind + " " + id + (everyone ? " made public" : " shared outside the account"), findings, List.of(removal));
    }

    private static String quoted(List<String> values) {
        return String.join(", ", values.stream().map(AwsIdentifiers::quote).toList());
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isValueNode() && !value.isNull() && !value.asText().isBlank() ? value.asText() : null;
    }
}
