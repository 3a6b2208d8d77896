package io.trailguard.remediation;

import java.util.List;
import java.util.Set;

import io.trailguard.policy.Remediation;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Reservation;

/**
 * Stops instances that are still pending or running (never terminates: the disks and the work on them are
 * kept). A pending instance cannot be stopped yet; AWS refuses, the invocation fails and Lambda's retry stops it.
 */
public record StopInstances(Ec2Client ec2, List<String> instanceIds) implements Remediation {

    private static final Set<String> STOPPABLE = Set.of("pending", "running");

    public StopInstances {
        instanceIds = List.copyOf(instanceIds);
    }

    @Override
    public String action() {
        return "ec2:StopInstances";
    }

    @Override
    public String target() {
        return String.join(",", instanceIds);
    }

    @Override
    public boolean needed() {
        return !stoppable().isEmpty();
    }

    @Override
    public void apply() {
        List<String> ids = stoppable();
        if (!ids.isEmpty()) {
            ec2.stopInstances(b -> b.instanceIds(ids));
        }
    }

    private List<String> stoppable() {
        return ec2.describeInstances(b -> b.instanceIds(instanceIds)).reservations().stream()
                .map(Reservation::instances).flatMap(List::stream)
                .filter(i -> i.state() != null && STOPPABLE.contains(i.state().nameAsString()))
                .map(Instance::instanceId)
                .toList();
    }
}
