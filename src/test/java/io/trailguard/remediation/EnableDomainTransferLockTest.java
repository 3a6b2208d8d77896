package io.trailguard.remediation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import io.trailguard.policy.ActionSpec;
import software.amazon.awssdk.services.route53domains.Route53DomainsClient;
import software.amazon.awssdk.services.route53domains.model.EnableDomainTransferLockRequest;
import software.amazon.awssdk.services.route53domains.model.EnableDomainTransferLockResponse;
import software.amazon.awssdk.services.route53domains.model.GetDomainDetailRequest;
import software.amazon.awssdk.services.route53domains.model.GetDomainDetailResponse;

/**
 * route53domains.enable-transfer-lock without moto, which has no Enable/DisableDomainTransferLock: the refusal of
 * what the event gave, and the live check against a registry answering as Route 53 Domains does.
 */
class EnableDomainTransferLockTest {

    /** A registry of one domain: its status list, and the lock requests it received. */
    static final class Registry implements Route53DomainsClient {
        final List<String> status = new ArrayList<>();
        final List<String> locked = new ArrayList<>();

        @Override
        public GetDomainDetailResponse getDomainDetail(Consumer<GetDomainDetailRequest.Builder> request) {
            GetDomainDetailRequest built = GetDomainDetailRequest.builder().applyMutation(request).build();
            return GetDomainDetailResponse.builder().domainName(built.domainName()).statusList(status).build();
        }

        @Override
        public EnableDomainTransferLockResponse enableDomainTransferLock(Consumer<EnableDomainTransferLockRequest.Builder> request) {
            String domain = EnableDomainTransferLockRequest.builder().applyMutation(request).build().domainName();
            locked.add(domain);
            status.add(EnableDomainTransferLock.TRANSFER_PROHIBITED);
            return EnableDomainTransferLockResponse.builder().operationId("op-1").build();
        }

        @Override
        public String serviceName() {
            return "route53domains";
        }

        @Override
        public void close() {
        }
    }

    private final Registry registry = new Registry();
    private final EnableDomainTransferLock executor = new EnableDomainTransferLock(registry);

    @Test
    void anUnlockedDomainIsLockedAndALockedOneIsLeftAlone() {
        registry.status.addAll(List.of("clientDeleteProhibited", "clientUpdateProhibited"));
        ActionSpec spec = EnableDomainTransferLock.spec("example-shop.com");
        assertNull(executor.refusal(spec));

        assertTrue(executor.needed(spec));
        executor.apply(spec);

        assertEquals(List.of("example-shop.com"), registry.locked);
        assertFalse(executor.needed(spec), "locked now: a redelivered event changes nothing");
    }

    @Test
    void aDomainNameAsNoRegistryWouldTakeItIsRefused() {
        assertEquals("refused: domain 'Example-Shop.COM;rm' is not a registered domain name",
                executor.refusal(EnableDomainTransferLock.spec("Example-Shop.COM;rm")));
        assertEquals("refused: domain 'example..com' is not a registered domain name",
                executor.refusal(EnableDomainTransferLock.spec("example..com")));
        assertEquals("missing parameter domain", executor.refusal(new ActionSpec(EnableDomainTransferLock.NAME, null)));
        assertTrue(registry.locked.isEmpty());
    }
}
