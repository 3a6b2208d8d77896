package io.trailguard.notify;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import org.jboss.logging.Logger;

/**
 * One alert per (policy, event id) however often the event is delivered. The key is marked only once the
 * decision was carried out (no failed remediation), so a failed run retried by Lambda is handled again.
 */
@ApplicationScoped
public class AlertDedup {

    private static final Logger LOG = Logger.getLogger(AlertDedup.class);

    private final DedupStore store;

    public AlertDedup(DedupSettings settings, Instance<TableItems> dynamo) {
        if (!settings.enabled()) {
            this.store = null;
        } else if (settings.table().isPresent() && !settings.table().get().isBlank()) {
            this.store = new DynamoDbDedupStore(dynamo.get(), settings.table().get(), settings.ttlSeconds(),
                    () -> System.currentTimeMillis() / 1000);
        } else {
            this.store = new InMemoryDedupStore(settings.maxEntries(), settings.ttlSeconds() * 1000, System::currentTimeMillis);
        }
    }

    /** True when this is the first completed handling of the key (or dedup is off, or the store is unreachable). */
    public boolean firstTime(String policy, String eventId) {
        if (store == null || eventId == null) {
            return true;
        }
        try {
            return store.markHandled(key(policy, eventId));
        } catch (RuntimeException e) {
            // a duplicate alert is better than a missed one
            LOG.warnf("dedup store unavailable, alerting anyway: %s", e.getClass().getSimpleName());
            return true;
        }
    }

    /** Undoes {@link #firstTime} when the alert could not be sent, so the redelivery sends it. */
    public void forget(String policy, String eventId) {
        if (store == null || eventId == null) {
            return;
        }
        try {
            store.forget(key(policy, eventId));
        } catch (RuntimeException e) {
            LOG.warnf("dedup store unavailable, key not released: %s", e.getClass().getSimpleName());
        }
    }

    private static String key(String policy, String eventId) {
        return policy + "/" + eventId;
    }
}
