package io.trailguard.engine;

import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.trailguard.notify.DedupSettings;
import io.trailguard.notify.TableItems;

/**
 * The function's {@link CounterStore}: the dedup table when one is configured ({@code trailguard.dedup.table}, as
 * {@code infra/} deploys it), so that thresholds and brakes count across instances; else this process's memory.
 */
public class CounterStores {

    @Produces
    @Singleton // not a client proxy: tests that stand for a cold start clear the in-memory store
    CounterStore counterStore(DedupSettings settings, Instance<TableItems> dynamo) {
        if (settings.table().isPresent() && !settings.table().get().isBlank()) {
            return new DynamoDbCounterStore(dynamo.get(), settings.table().get(), System::currentTimeMillis);
        }
        return new InMemoryCounterStore();
    }
}
