package io.trailguard.remediation;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.trailguard.policy.ActionSpec;
import io.trailguard.predicates.AwsIdentifiers;
import io.trailguard.predicates.Cidr;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.NetworkAclEntry;
import software.amazon.awssdk.services.ec2.model.RuleAction;

/**
 * Deletes one inbound network ACL entry by its rule number, only while the live entry still allows traffic from
 * the logged CIDR block: an entry since replaced by a narrower or a deny rule is left alone.
 */
@ApplicationScoped
public class DeleteNetworkAclEntry implements ActionExecutor {

    public static final String NAME = "ec2.delete-network-acl-entry";

    private final Ec2Client ec2;

    public DeleteNetworkAclEntry(Ec2Client ec2) {
        this.ec2 = ec2;
    }

    public static ActionSpec spec(String networkAclId, String ruleNumber, String cidr) {
        return ActionSpec.of(NAME, "network-acl-id", networkAclId, "rule-number", ruleNumber, "cidr", cidr);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Permission> permissions() {
        return List.of(Permission.onAny("ec2:DescribeNetworkAcls"),
                new Permission("ec2:DeleteNetworkAclEntry", "arn:aws:ec2:*:*:network-acl/${network-acl-id}"));
    }

    @Override
    public String refusal(ActionSpec spec) {
        return ParamCheck.first(ParamCheck.string(spec, "network-acl-id", id -> AwsIdentifiers.isEc2Id(id, "acl"), "a network ACL id"),
                ParamCheck.string(spec, "rule-number", AwsIdentifiers::isNetworkAclRuleNumber, "a rule number from 1 to 32766"),
                ParamCheck.string(spec, "cidr", c -> Cidr.parse(c).isPresent(), "a CIDR block"));
    }

    @Override
    public String target(ActionSpec spec) {
        return spec.string("network-acl-id") + " inbound rule " + spec.string("rule-number") + " from " + spec.string("cidr");
    }

    @Override
    public boolean needed(ActionSpec spec) {
        return live(spec).isPresent();
    }

    @Override
    public void apply(ActionSpec spec) {
        if (live(spec).isPresent()) {
            ec2.deleteNetworkAclEntry(b -> b.networkAclId(spec.string("network-acl-id"))
                    .ruleNumber(Integer.parseInt(spec.string("rule-number"))).egress(false));
        }
    }

    /** The live inbound entry of that number, if it still allows traffic from the logged block. */
    private Optional<NetworkAclEntry> live(ActionSpec spec) {
        int number = Integer.parseInt(spec.string("rule-number"));
        Optional<Cidr> logged = Cidr.parse(spec.string("cidr"));
        // listed and picked here, not asked for by id: an ACL deleted since leaves nothing to do rather than an error
        return ec2.describeNetworkAclsPaginator().networkAcls().stream()
                .filter(acl -> spec.string("network-acl-id").equals(acl.networkAclId()))
                .flatMap(acl -> acl.entries().stream())
                .filter(e -> !Boolean.TRUE.equals(e.egress()) && e.ruleNumber() != null && e.ruleNumber() == number)
                .filter(e -> e.ruleAction() == RuleAction.ALLOW)
                .filter(e -> logged.equals(Cidr.parse(e.cidrBlock() != null ? e.cidrBlock() : e.ipv6CidrBlock())))
                .findFirst();
    }
}
