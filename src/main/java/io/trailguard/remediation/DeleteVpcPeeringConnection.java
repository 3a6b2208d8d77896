package io.trailguard.remediation;

import java.util.List;
import java.util.Set;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.trailguard.policy.ActionSpec;
import io.trailguard.predicates.AwsIdentifiers;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * Deletes a VPC peering connection, requested or accepted, so that no route can use it. Either owner may delete
 * one that is pending or active; one already deleted, rejected, failed or expired is left alone. EC2's query API as
 * signed calls ({@link SignedQueryCall#ec2}).
 */
@ApplicationScoped
public class DeleteVpcPeeringConnection implements ActionExecutor {

    public static final String NAME = "ec2.delete-vpc-peering-connection";

    /** The states in which the connection still joins, or may yet join, the two networks. */
    private static final Set<String> OPEN = Set.of("initiating-request", "pending-acceptance", "provisioning", "active");

    private final SignedQueryCall ec2;

    @Inject
    public DeleteVpcPeeringConnection(AwsClientConfig config, AccountCredentials credentials) {
        this(config, (AwsCredentialsProvider) credentials);
    }

    DeleteVpcPeeringConnection(AwsClientConfig config, AwsCredentialsProvider credentials) {
        this.ec2 = SignedQueryCall.ec2(config, credentials);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Permission> permissions() {
        return List.of(Permission.onAny("ec2:DescribeVpcPeeringConnections"),
                new Permission("ec2:DeleteVpcPeeringConnection", "arn:aws:ec2:*:*:vpc-peering-connection/${connection-id}"));
    }

    @Override
    public String refusal(ActionSpec spec) {
        return ParamCheck.string(spec, "connection-id", id -> AwsIdentifiers.isEc2Id(id, "pcx"), "a VPC peering connection id");
    }

    @Override
    public String target(ActionSpec spec) {
        return "VPC peering connection " + spec.string("connection-id");
    }

    @Override
    public boolean needed(ActionSpec spec) {
        String status = liveStatus(spec.string("connection-id"));
        return status != null && OPEN.contains(status);
    }

    @Override
    public void apply(ActionSpec spec) {
        if (needed(spec)) {
            ec2.call("DeleteVpcPeeringConnection", SignedQueryCall.parameters("VpcPeeringConnectionId", spec.string("connection-id")));
        }
    }

    /** The state code of the live connection ({@code active}, {@code deleted} …); null when it is not described. */
    private String liveStatus(String id) {
        // a connection long gone is no longer described at all: nothing left to delete
        String answer = ec2.callUnless("InvalidVpcPeeringConnectionID.NotFound", "DescribeVpcPeeringConnections",
                SignedQueryCall.parameters("VpcPeeringConnectionId.1", id));
        if (answer == null) {
            return null;
        }
        return SignedQueryCall.items(answer, "vpcPeeringConnectionSet").stream().findFirst()
                .map(connection -> SignedQueryCall.element(connection, "status"))
                .map(status -> SignedQueryCall.text(status, "code")).orElse(null);
    }

    @PreDestroy
    void close() {
        ec2.close();
    }
}
