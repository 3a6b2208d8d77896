package io.trailguard.policies.security;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.trailguard.event.CloudTrailDetail;
import io.trailguard.event.TrailEvent;
import io.trailguard.policy.Decision;
import io.trailguard.policy.FailedCalls;
import io.trailguard.policy.HandlerNames;
import io.trailguard.policy.Mode;
import io.trailguard.policy.Policy;
import io.trailguard.policy.ResourceRef;
import io.trailguard.policy.Severity;
import io.trailguard.remediation.EnableDomainTransferLock;

/**
 * A registered domain made transferable (its transfer lock disabled), or handed to another AWS account: the first
 * step of a domain hijack, after which mail, sign-in and certificates follow the domain. Enforce locks it again;
 * a transfer to another account is alerted on (it needs that account to accept, which can still be cancelled).
 */
@ApplicationScoped
public class Route53DomainTransferLockDisabled implements Policy {

    @Override
    public String name() {
        return "route53-domain-transfer-lock-disabled";
    }

    @Override
    public String handler() {
        return HandlerNames.SECURITY;
    }

    @Override
    public String description() {
        return "Route 53 domain transfer lock disabled, or domain transferred to another AWS account";
    }

    @Override
    public String pattern() {
        return """
                {"source": ["aws.route53domains"],
                 "detail-type": ["AWS API Call via CloudTrail"],
                 "detail": {"eventSource": ["route53domains.amazonaws.com"],
                            "eventName": ["DisableDomainTransferLock", "TransferDomainToAnotherAwsAccount"]}}
                """;
    }

    @Override
    public List<String> actions() {
        return List.of(EnableDomainTransferLock.NAME);
    }

    @Override
    public List<String> resourceTypes() {
        return List.of(ResourceRef.ROUTE53_DOMAIN);
    }

    @Override
    public Mode defaultMode() {
        return Mode.ENFORCE;
    }

    @Override
    public FailedCalls failedCalls() {
        return FailedCalls.ALERT;
    }

    @Override
    public List<String> attackTechniques() {
        return List.of("T1584.001");
    }

    @Override
    public Decision decide(TrailEvent event) {
        CloudTrailDetail detail = event.detail();
        String domain = detail.requestParameter("domainName");
        if (domain == null || domain.isBlank()) {
            return Decision.noMatch("no domainName in requestParameters");
        }
        ResourceRef resource = new ResourceRef(ResourceRef.ROUTE53_DOMAIN, domain);
        if ("TransferDomainToAnotherAwsAccount".equals(detail.eventName())) {
            String to = detail.requestParameter("accountId");
            return Decision.alert(Severity.CRITICAL, resource, "domain " + domain + " offered to another AWS account",
                    List.of("domain " + domain + " offered to account " + (to == null ? "?" : to)
                            + ": cancel with CancelDomainTransferToAnotherAwsAccount before it is accepted"));
        }
        return Decision.remediate(Severity.HIGH, resource, "transfer lock of domain " + domain + " disabled",
                List.of("domain " + domain + " can be transferred to another registrar"), List.of(EnableDomainTransferLock.spec(domain)));
    }
}
