package io.trailguard.policies.compute;

import java.util.List;

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

/**
 * An instance's user data replaced (ModifyInstanceAttribute of {@code userData}, in either request form): a
 * script that runs as root when the instance starts, the classic way to run code on a stopped instance. The
 * old script is not in the event, so it is alerted only.
 */
@ApplicationScoped
public class Ec2UserDataChanged implements Policy {

    @Override
    public String name() {
        return "ec2-user-data-changed";
    }

    @Override
    public String handler() {
        return HandlerNames.COMPUTE;
    }

    @Override
    public String description() {
        return "EC2 instance user data replaced: code that runs as root at the next start";
    }

    @Override
    public String pattern() {
        return """
                {"source": ["aws.ec2"],
                 "detail-type": ["AWS API Call via CloudTrail"],
                 "detail": {"eventSource": ["ec2.amazonaws.com"], "eventName": ["ModifyInstanceAttribute"]}}
                """;
    }

    @Override
    public List<String> actions() {
        return List.of();
    }

    @Override
    public List<String> resourceTypes() {
        return List.of(ResourceRef.EC2_INSTANCE);
    }

    @Override
    public Mode defaultMode() {
        return Mode.ALERT;
    }

    @Override
    public FailedCalls failedCalls() {
        // a refused user data change is a probe for code execution on the instance
        return FailedCalls.ALERT;
    }

    @Override
    public List<String> attackTechniques() {
        return List.of("T1059.009");
    }

    @Override
    public Decision decide(TrailEvent event) {
        CloudTrailDetail detail = event.detail();
        JsonNode request = detail.requestParameters() == null ? MissingNode.getInstance() : detail.requestParameters();
        // the structured form ("userData": …) or the attribute/value form ("attribute": "userData")
        if (!request.has("userData") && !"userData".equals(request.path("attribute").asText())) {
            return Decision.noMatch("not a user data change");
        }
        JsonNode instance = request.get("instanceId");
        if (instance == null || !instance.isValueNode() || instance.asText().isBlank()) {
            return Decision.noMatch("no instanceId in requestParameters");
        }
        String id = instance.asText();
        return Decision.alert(Severity.HIGH, new ResourceRef(ResourceRef.EC2_INSTANCE, id), "user data of instance " + id + " replaced",
                List.of("user data of " + id + " replaced: it runs as root when the instance next starts"));
    }
}
