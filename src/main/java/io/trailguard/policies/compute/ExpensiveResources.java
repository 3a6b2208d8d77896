package io.trailguard.policies.compute;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.Config;

import com.fasterxml.jackson.databind.JsonNode;

import io.trailguard.event.CloudTrailDetail;
import io.trailguard.event.Ec2Items;
import io.trailguard.event.TrailEvent;
import io.trailguard.policy.Decision;
import io.trailguard.policy.FailedCalls;
import io.trailguard.policy.HandlerNames;
import io.trailguard.policy.Mode;
import io.trailguard.policy.Policy;
import io.trailguard.policy.PolicySettings;
import io.trailguard.policy.ResourceRef;
import io.trailguard.policy.Severity;
import io.trailguard.policy.Setting;
import io.trailguard.remediation.StopInstances;

/**
 * Expensive EC2 instances launched: a type in the deny list (bare metal, GPU p*, memory x* and u-* by
 * default) or of 24xlarge and up. Enforce stops (never terminates) those instances.
 */
@ApplicationScoped
public class ExpensiveResources implements Policy {

    static final Setting<List<String>> INSTANCE_TYPES = Setting.texts("instance-types", List.of("*.metal*", "p*", "x*", "u-*"));
    static final Setting<Integer> MIN_XLARGE = Setting.integer("min-xlarge", 24);

    private final InstanceTypes types;

    public ExpensiveResources(Config config) {
        PolicySettings settings = PolicySettings.of(name(), config);
        this.types = InstanceTypes.of(settings.get(INSTANCE_TYPES), settings.get(MIN_XLARGE));
    }

    @Override
    public String name() {
        return "expensive-resources";
    }

    @Override
    public String handler() {
        return HandlerNames.COMPUTE;
    }

    @Override
    public String description() {
        return "EC2 instances of an expensive type launched";
    }

    @Override
    public List<String> attackTechniques() {
        // large instances are what compute hijacking (crypto-mining) launches
        return List.of("T1496.001", "T1578.002");
    }

    @Override
    public String pattern() {
        return """
                {"source": ["aws.ec2"],
                 "detail-type": ["AWS API Call via CloudTrail"],
                 "detail": {"eventSource": ["ec2.amazonaws.com"], "eventName": ["RunInstances"]}}
                """;
    }

    @Override
    public List<String> actions() {
        return List.of(StopInstances.NAME);
    }

    @Override
    public List<String> resourceTypes() {
        return List.of(ResourceRef.EC2_INSTANCE);
    }

    @Override
    public List<Setting<?>> settings() {
        return List.of(INSTANCE_TYPES, MIN_XLARGE);
    }

    @Override
    public Mode defaultMode() {
        // an ML team may mean it: stopping someone's training run is a decision for the account's owners
        return Mode.ALERT;
    }

    @Override
    public FailedCalls failedCalls() {
        // a refused launch of GPU or metal instances is how stolen credentials are tested for mining
        return FailedCalls.ALERT;
    }

    @Override
    public Decision decide(TrailEvent event) {
        CloudTrailDetail detail = event.detail();
        List<JsonNode> launched = Ec2Items.of(detail.responseElements() == null ? null : detail.responseElements().get("instancesSet"));
        if (launched.isEmpty()) {
            return detail.failed() ? refusedLaunch(detail) : Decision.noMatch("no instancesSet in responseElements");
        }
        String requested = detail.requestParameter("instanceType");
        List<String> ids = new ArrayList<>();
        List<String> findings = new ArrayList<>();
        for (JsonNode instance : launched) {
            String id = instance.path("instanceId").asText(null);
            // the response names each instance's type; a launch template may leave the request without one
            String type = instance.path("instanceType").asText(requested);
            String why = types.why(type);
            if (why == null) {
                continue;
            }
            if (id == null) {
                return Decision.noMatch("no instanceId for an instance in responseElements");
            }
            ids.add(id);
            findings.add(id + ": " + why);
        }
        if (ids.isEmpty()) {
            return Decision.noMatch("no instance of an expensive type launched");
        }
        // ids as given, valid or not (fail closed): StopInstances refuses an invalid one, so the finding is alerted and nothing stopped
        return Decision.remediate(Severity.MEDIUM, new ResourceRef(ResourceRef.EC2_INSTANCE, ids.get(0)),
                ids.size() + " expensive instance(s) launched", findings, List.of(StopInstances.spec(ids)));
    }

    /** A launch that failed names no instance: judged on the requested type, about no resource, with nothing to stop. */
    private Decision refusedLaunch(CloudTrailDetail detail) {
        String type = detail.requestParameter("instanceType");
        String why = types.why(type);
        if (why == null) {
            return Decision.noMatch("no expensive instance type requested: " + type);
        }
        List<JsonNode> requested = Ec2Items.of(detail.requestParameters().path("instancesSet"));
        String count = requested.isEmpty() ? "?" : requested.get(0).path("maxCount").asText("?");
        return Decision.alert(Severity.MEDIUM, null, "launch of " + count + " expensive instance(s) requested",
                List.of(count + " requested: " + why));
    }
}
