package io.trailguard.remediation;

import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.trailguard.policy.ActionSpec;
import io.trailguard.predicates.AwsIdentifiers;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.VpcPeeringConnection;
import software.amazon.awssdk.services.ec2.model.VpcPeeringConnectionStateReasonCode;

/**
 * Deletes a VPC peering connection, requested or accepted, so that no route can use it. Either owner may delete
 * one that is pending or active; one already deleted, rejected, failed or expired is left alone.
 */
@ApplicationScoped
public class DeleteVpcPeeringConnection implements ActionExecutor {

    public static final String NAME = "ec2.delete-vpc-peering-connection";

    /** The states in which the connection still joins, or may yet join, the two networks. */
    private static final Set<VpcPeeringConnectionStateReasonCode> OPEN = Set.of(VpcPeeringConnectionStateReasonCode.INITIATING_REQUEST,
            VpcPeeringConnectionStateReasonCode.PENDING_ACCEPTANCE, VpcPeeringConnectionStateReasonCode.PROVISIONING,
            VpcPeeringConnectionStateReasonCode.ACTIVE);

    private final Ec2Client ec2;

    public DeleteVpcPeeringConnection(Ec2Client ec2) {
        this.ec2 = ec2;
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
        VpcPeeringConnection live = live(spec.string("connection-id"));
        return live != null && OPEN.contains(live.status().code());
    }

    @Override
    public void apply(ActionSpec spec) {
        if (needed(spec)) {
            ec2.deleteVpcPeeringConnection(b -> b.vpcPeeringConnectionId(spec.string("connection-id")));
        }
    }

    private VpcPeeringConnection live(String id) {
        try {
            return ec2.describeVpcPeeringConnections(b -> b.vpcPeeringConnectionIds(id)).vpcPeeringConnections().stream()
                    .findFirst().orElse(null);
        } catch (Ec2Exception e) {
            // a connection long gone is no longer described at all: nothing left to delete
            if ("InvalidVpcPeeringConnectionID.NotFound".equals(e.awsErrorDetails().errorCode())) {
                return null;
            }
            throw e;
        }
    }
}
