package io.trailguard.remediation;

import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.trailguard.policy.ActionSpec;
import io.trailguard.predicates.AwsIdentifiers;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Reservation;

/**
 * Stops instances that are still pending or running (never terminates: the disks and the work on them are
 * kept). A pending instance cannot be stopped yet; AWS refuses, the invocation fails and Lambda's retry stops it.
 */
@ApplicationScoped
public class StopInstances implements ActionExecutor {

    public static final String NAME = "ec2.stop-instances";

    private static final Set<String> STOPPABLE = Set.of("pending", "running");

    private final Ec2Client ec2;

    public StopInstances(Ec2Client ec2) {
        this.ec2 = ec2;
    }

    public static ActionSpec spec(List<String> instanceIds) {
        return ActionSpec.of(NAME, "instance-ids", instanceIds);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Permission> permissions() {
        return List.of(Permission.onAny("ec2:DescribeInstances"),
                new Permission("ec2:StopInstances", "arn:aws:ec2:*:*:instance/${instance-ids}"));
    }

    @Override
    public String refusal(ActionSpec spec) {
        return ParamCheck.strings(spec, "instance-ids", id -> AwsIdentifiers.isEc2Id(id, "i"), "an EC2 instance id");
    }

    @Override
    public String target(ActionSpec spec) {
        return String.join(",", spec.strings("instance-ids"));
    }

    @Override
    public boolean needed(ActionSpec spec) {
        return !stoppable(spec).isEmpty();
    }

    @Override
    public void apply(ActionSpec spec) {
        List<String> ids = stoppable(spec);
        if (!ids.isEmpty()) {
            ec2.stopInstances(b -> b.instanceIds(ids));
        }
    }

    private List<String> stoppable(ActionSpec spec) {
        return ec2.describeInstances(b -> b.instanceIds(spec.strings("instance-ids"))).reservations().stream()
                .map(Reservation::instances).flatMap(List::stream)
                .filter(i -> i.state() != null && STOPPABLE.contains(i.state().nameAsString()))
                .map(Instance::instanceId)
                .toList();
    }
}
