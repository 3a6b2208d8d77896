package io.trailguard.policies.compute;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.trailguard.event.CloudTrailDetail;
import io.trailguard.event.TrailEvent;
import io.trailguard.policy.Decision;
import io.trailguard.policy.HandlerNames;
import io.trailguard.policy.Mode;
import io.trailguard.policy.Policy;
import io.trailguard.policy.ResourceRef;
import io.trailguard.policy.Severity;
import io.trailguard.remediation.DeleteKeyPair;

/**
 * An SSH public key imported as an EC2 key pair (ImportKeyPair): someone's own key, ready to be placed on new
 * instances. Enforce (opt-in) deletes the key pair; instances already launched with it keep it.
 */
@ApplicationScoped
public class Ec2KeyPairImported implements Policy {

    @Override
    public String name() {
        return "ec2-key-pair-imported";
    }

    @Override
    public String handler() {
        return HandlerNames.COMPUTE;
    }

    @Override
    public String description() {
        return "SSH public key imported as an EC2 key pair";
    }

    @Override
    public String pattern() {
        return """
                {"source": ["aws.ec2"],
                 "detail-type": ["AWS API Call via CloudTrail"],
                 "detail": {"eventSource": ["ec2.amazonaws.com"], "eventName": ["ImportKeyPair"]}}
                """;
    }

    @Override
    public List<String> actions() {
        return List.of(DeleteKeyPair.NAME);
    }

    @Override
    public List<String> resourceTypes() {
        return List.of(ResourceRef.EC2_KEY_PAIR);
    }

    @Override
    public Mode defaultMode() {
        // teams import their own keys every day: deleting them is a choice for the account's owners
        return Mode.ALERT;
    }

    @Override
    public List<String> attackTechniques() {
        return List.of("T1098.004");
    }

    @Override
    public Optional<String> runbook() {
        return Optional.of("https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ec2-key-pairs.html");
    }

    @Override
    public Decision decide(TrailEvent event) {
        CloudTrailDetail detail = event.detail();
        String name = detail.requestParameter("keyName");
        if (name == null || name.isBlank()) {
            return Decision.noMatch("no keyName in requestParameters");
        }
        String id = detail.responseElement("keyPairId");
        String fingerprint = detail.responseElement("keyFingerprint");
        // the name as given, valid or not (fail closed): the executor refuses an invalid one, so the finding is alerted and nothing deleted
        return Decision.remediate(Severity.MEDIUM, new ResourceRef(ResourceRef.EC2_KEY_PAIR, id != null ? id : name),
                "key pair " + name + " imported",
                List.of("public key imported as key pair " + name + (id == null ? "" : " (" + id + ")")
                        + (fingerprint == null ? "" : ", fingerprint " + fingerprint)),
                List.of(DeleteKeyPair.spec(name, id)));
    }
}
