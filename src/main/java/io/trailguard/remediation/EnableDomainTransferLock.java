package io.trailguard.remediation;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.trailguard.policy.ActionSpec;
import io.trailguard.predicates.AwsIdentifiers;
import software.amazon.awssdk.services.route53domains.Route53DomainsClient;

/** Locks a Route 53 registered domain against transfer again (status {@code clientTransferProhibited}). */
@ApplicationScoped
public class EnableDomainTransferLock implements ActionExecutor {

    public static final String NAME = "route53domains.enable-transfer-lock";

    static final String TRANSFER_PROHIBITED = "clientTransferProhibited";

    private final Route53DomainsClient domains;

    public EnableDomainTransferLock(Route53DomainsClient domains) {
        this.domains = domains;
    }

    public static ActionSpec spec(String domain) {
        return ActionSpec.of(NAME, "domain", domain);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Permission> permissions() {
        // Route 53 Domains takes no resource-level permission
        return List.of(Permission.onAny("route53domains:GetDomainDetail"), Permission.onAny("route53domains:EnableDomainTransferLock"));
    }

    @Override
    public String refusal(ActionSpec spec) {
        return ParamCheck.string(spec, "domain", AwsIdentifiers::isDomainName, "a registered domain name");
    }

    @Override
    public String target(ActionSpec spec) {
        return "domain " + spec.string("domain");
    }

    @Override
    public boolean needed(ActionSpec spec) {
        return !domains.getDomainDetail(b -> b.domainName(spec.string("domain"))).statusList().contains(TRANSFER_PROHIBITED);
    }

    @Override
    public void apply(ActionSpec spec) {
        domains.enableDomainTransferLock(b -> b.domainName(spec.string("domain")));
    }
}
