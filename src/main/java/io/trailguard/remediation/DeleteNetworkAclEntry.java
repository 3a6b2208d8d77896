package io.trailguard.remediation;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.trailguard.policy.ActionSpec;
import io.trailguard.predicates.AwsIdentifiers;
import io.trailguard.predicates.Cidr;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * Deletes one inbound network ACL entry by its rule number, only while the live entry still allows traffic from
 * the logged CIDR block: an entry since replaced by a narrower or a deny rule is left alone. EC2's query API as signed
 * calls ({@link SignedQueryCall#ec2}).
 */
@ApplicationScoped
public class DeleteNetworkAclEntry implements ActionExecutor {

    public static final String NAME = "ec2.delete-network-acl-entry";

    private final SignedQueryCall ec2;

    @Inject
    public DeleteNetworkAclEntry(AwsClientConfig config, AccountCredentials credentials) {
        this(config, (AwsCredentialsProvider) credentials);
    }

    DeleteNetworkAclEntry(AwsClientConfig config, AwsCredentialsProvider credentials) {
        this.ec2 = SignedQueryCall.ec2(config, credentials);
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
            ec2.call("DeleteNetworkAclEntry", SignedQueryCall.parameters("NetworkAclId", spec.string("network-acl-id"),
                    "RuleNumber", Integer.toString(Integer.parseInt(spec.string("rule-number"))), "Egress", "false"));
        }
    }

    /** The live inbound entry ({@code <item>} of its ACL's {@code <entrySet>}) of that number, if it still allows traffic from the logged block. */
    private Optional<String> live(ActionSpec spec) {
        int number = Integer.parseInt(spec.string("rule-number"));
        Optional<Cidr> logged = Cidr.parse(spec.string("cidr"));
        // listed and picked here, not asked for by id: an ACL deleted since leaves nothing to do rather than an error
        return ec2.items("DescribeNetworkAcls", Map.of(), "networkAclSet").stream()
                .filter(acl -> spec.string("network-acl-id").equals(SignedQueryCall.text(acl, "networkAclId")))
                .flatMap(acl -> SignedQueryCall.items(acl, "entrySet").stream())
                .filter(e -> !"true".equals(SignedQueryCall.text(e, "egress")) && ruleNumber(e) == number)
                .filter(e -> "allow".equals(SignedQueryCall.text(e, "ruleAction")))
                .filter(e -> logged.equals(Cidr.parse(block(e))))
                .findFirst();
    }

    /** An entry's rule number; -1 when it has none. */
    private static int ruleNumber(String entry) {
        String number = SignedQueryCall.text(entry, "ruleNumber");
        return number == null ? -1 : Integer.parseInt(number.trim());
    }

    /** The IPv4 block an entry matches, else its IPv6 block. */
    private static String block(String entry) {
        String ipv4 = SignedQueryCall.text(entry, "cidrBlock");
        return ipv4 != null ? ipv4 : SignedQueryCall.text(entry, "ipv6CidrBlock");
    }

    @PreDestroy
    void close() {
        ec2.close();
    }
}
