package io.trailguard.remediation;

import java.time.Duration;
import java.util.List;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.trailguard.policy.ActionSpec;
import io.trailguard.predicates.AwsIdentifiers;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * Locks a Route 53 registered domain against transfer again (status {@code clientTransferProhibited}). Route 53
 * Domains' awsJson API as signed calls ({@link SignedJsonCall}), without the SDK's client.
 */
@ApplicationScoped
public class EnableDomainTransferLock implements ActionExecutor {

    public static final String NAME = "route53domains.enable-transfer-lock";

    static final String TRANSFER_PROHIBITED = "clientTransferProhibited";

    /** Route 53 Domains has one endpoint, in us-east-1, whatever the function's region. */
    static final String REGION = "us-east-1";

    private final SignedJsonCall domains;

    @Inject
    public EnableDomainTransferLock(AwsClientConfig config, AccountCredentials credentials) {
        this(config, (AwsCredentialsProvider) credentials);
    }

    EnableDomainTransferLock(AwsClientConfig config, AwsCredentialsProvider credentials) {
        this.domains = new SignedJsonCall("route53domains", REGION, config.endpointOverride().orElse(null), credentials,
                Duration.ofMillis(config.apiCallTimeoutMillis()));
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
        for (JsonNode status : domains.target(SignedJsonCall.AwsJsonApi.ROUTE53_DOMAINS, "GetDomainDetail", domain(spec)).path("StatusList")) {
            if (status.asText().equals(TRANSFER_PROHIBITED)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void apply(ActionSpec spec) {
        domains.target(SignedJsonCall.AwsJsonApi.ROUTE53_DOMAINS, "EnableDomainTransferLock", domain(spec));
    }

    private static ObjectNode domain(ActionSpec spec) {
        return JsonNodeFactory.instance.objectNode().put("DomainName", spec.string("domain"));
    }

    @PreDestroy
    void close() {
        domains.close();
    }
}
