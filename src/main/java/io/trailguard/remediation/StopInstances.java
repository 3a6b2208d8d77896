package io.trailguard.remediation;

import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.trailguard.policy.ActionSpec;
import io.trailguard.predicates.AwsIdentifiers;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * Stops instances that are still pending or running (never terminates: the disks and the work on them are
 * kept). A pending instance cannot be stopped yet; AWS refuses, the invocation fails and Lambda's retry stops it. EC2's
 * query API as signed calls ({@link SignedQueryCall#ec2}).
 */
@ApplicationScoped
public class StopInstances implements ActionExecutor {

    public static final String NAME = "ec2.stop-instances";

    private static final Set<String> STOPPABLE = Set.of("pending", "running");

    private final SignedQueryCall ec2;

    @Inject
    public StopInstances(AwsClientConfig config, AccountCredentials credentials) {
        this(config, (AwsCredentialsProvider) credentials);
    }

    StopInstances(AwsClientConfig config, AwsCredentialsProvider credentials) {
        this.ec2 = SignedQueryCall.ec2(config, credentials);
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
            ec2.call("StopInstances", instances(ids));
        }
    }

    private List<String> stoppable(ActionSpec spec) {
        String answer = ec2.call("DescribeInstances", instances(spec.strings("instance-ids")));
        return SignedQueryCall.items(answer, "reservationSet").stream()
                .flatMap(reservation -> SignedQueryCall.items(reservation, "instancesSet").stream())
                .filter(i -> STOPPABLE.contains(state(i)))
                .map(i -> SignedQueryCall.text(i, "instanceId"))
                .toList();
    }

    /** The name of an instance's state ({@code running} …); empty when it has none. */
    private static String state(String instance) {
        String state = SignedQueryCall.element(instance, "instanceState");
        String name = state == null ? null : SignedQueryCall.text(state, "name");
        return name != null ? name : "";
    }

    private static Map<String, String> instances(List<String> ids) {
        Map<String, String> parameters = SignedQueryCall.parameters();
        SignedQueryCall.putList(parameters, "InstanceId.", ids);
        return parameters;
    }

    @PreDestroy
    void close() {
        ec2.close();
    }
}
