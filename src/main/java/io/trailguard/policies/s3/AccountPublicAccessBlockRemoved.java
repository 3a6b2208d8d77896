package io.trailguard.policies.s3;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import io.trailguard.event.CloudTrailDetail;
import io.trailguard.event.TrailEvent;
import io.trailguard.policy.Decision;
import io.trailguard.policy.FailedCalls;
import io.trailguard.policy.HandlerNames;
import io.trailguard.policy.Mode;
import io.trailguard.policy.Policy;
import io.trailguard.policy.ResourceRef;
import io.trailguard.policy.Severity;
import io.trailguard.remediation.BlockAccountPublicAccess;

/**
 * The account-level S3 public access block deleted or weakened: the floor under every bucket's own settings, so
 * removing it lets a single bucket policy or ACL expose data. Enforce puts all four settings back on.
 */
@ApplicationScoped
public class AccountPublicAccessBlockRemoved implements Policy {

    private static final List<String> BLOCK_FLAGS = List.of("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy",
            "RestrictPublicBuckets");

    @Override
    public String name() {
        return "s3-account-public-access-block-removed";
    }

    @Override
    public String handler() {
        return HandlerNames.S3;
    }

    @Override
    public String description() {
        return "account-level S3 public access block deleted or weakened";
    }

    @Override
    public String pattern() {
        // CloudTrail names the S3 Control calls (PutPublicAccessBlock, DeletePublicAccessBlock) after what they act on
        return """
                {"source": ["aws.s3"],
                 "detail-type": ["AWS API Call via CloudTrail"],
                 "detail": {"eventSource": ["s3.amazonaws.com"],
                            "eventName": ["PutAccountPublicAccessBlock", "DeleteAccountPublicAccessBlock"]}}
                """;
    }

    @Override
    public List<String> actions() {
        return List.of(BlockAccountPublicAccess.NAME);
    }

    @Override
    public List<String> resourceTypes() {
        return List.of(ResourceRef.S3_ACCOUNT_PUBLIC_ACCESS_BLOCK);
    }

    @Override
    public Mode defaultMode() {
        return Mode.ENFORCE;
    }

    @Override
    public FailedCalls failedCalls() {
        // a refused attempt to lower the account's floor is exposure being prepared
        return FailedCalls.ALERT;
    }

    @Override
    public List<String> attackTechniques() {
        return List.of("T1562");
    }

    @Override
    public List<String> findingTypes() {
        return List.of("Effects/Data Exposure", "Software and Configuration Checks/AWS Security Best Practices");
    }

    @Override
    public Decision decide(TrailEvent event) {
        CloudTrailDetail detail = event.detail();
        // the call acts on the caller's own account: the event's
        String account = event.account();
        ResourceRef resource = new ResourceRef(ResourceRef.S3_ACCOUNT_PUBLIC_ACCESS_BLOCK, account);
        if ("DeleteAccountPublicAccessBlock".equals(detail.eventName())) {
            return Decision.remediate(Severity.HIGH, resource, "S3 public access block of account " + account + " deleted",
                    List.of("account-level public access block deleted: only each bucket's own settings stop public access"),
                    List.of(BlockAccountPublicAccess.spec(account)));
        }
        JsonNode config = detail.requestParameters() == null ? null : detail.requestParameters().get("PublicAccessBlockConfiguration");
        if (config == null || !config.isObject()) {
            return Decision.noMatch("no PublicAccessBlockConfiguration in requestParameters");
        }
        List<String> findings = new ArrayList<>();
        for (String flag : BLOCK_FLAGS) {
            JsonNode value = config.get(flag);
            // an omitted flag is set to false by PutPublicAccessBlock
            if (value == null || !(value.asBoolean(false) || "true".equalsIgnoreCase(value.asText()))) {
                findings.add(flag + " off");
            }
        }
        if (findings.isEmpty()) {
            return Decision.noMatch("all four account-level public access block settings on");
        }
        return Decision.remediate(Severity.HIGH, resource, "S3 public access block of account " + account + " weakened", findings,
                List.of(BlockAccountPublicAccess.spec(account)));
    }
}
