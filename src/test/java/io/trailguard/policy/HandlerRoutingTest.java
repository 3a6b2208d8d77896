package io.trailguard.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.trailguard.SampleEvents;
import io.trailguard.SampleTable;
import io.trailguard.engine.PolicyRegistry;
import io.trailguard.event.EventReader;
import io.trailguard.event.ParsedEvent;

/** A handler runs its own policies only, so each function's role needs only its own policies' permissions. */
class HandlerRoutingTest {

    private final EventReader reader = SampleTable.get().reader();
    private final PolicyRegistry registry = SampleTable.get().registry();

    @Test
    void eachHandlerDecidesOnlyWithItsOwnPolicies() throws Exception {
        List<String> handlers = HandlerNames.POLICY_HANDLERS;
        int routed = 0;
        for (Path sample : SampleEvents.all()) {
            ParsedEvent parsed = reader.read(Files.readAllBytes(sample));
            List<Verdict> all = registry.evaluate(parsed, PolicyRegistry.ALL);
            for (Verdict verdict : all) {
                String own = verdict.policy().policy().handler();
                assertTrue(handlers.contains(own), verdict.policy().name() + " names an unknown handler " + own);
                // a handler may run several policies on one event (auto-tag and naming-standard both see CreateBucket)
                assertEquals(all.stream().filter(v -> v.policy().policy().handler().equals(own)).map(v -> v.policy().name()).toList(),
                        registry.evaluate(parsed, own).stream().map(v -> v.policy().name()).toList(), sample.toString());
                for (String other : handlers) {
                    if (!other.equals(own)) {
                        assertFalse(registry.evaluate(parsed, other).stream().anyMatch(v -> v.policy().name().equals(verdict.policy().name())),
                                sample + " must not reach " + verdict.policy().name() + " through handler " + other);
                    }
                }
                routed++;
            }
        }
        assertTrue(routed > 40, "samples routed: " + routed);
    }
}
