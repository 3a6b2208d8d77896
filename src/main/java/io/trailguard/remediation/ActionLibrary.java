package io.trailguard.remediation;

import java.util.Collections;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;

import io.quarkus.runtime.Startup;

/** Every {@link ActionExecutor} bean by name; two executors of one name stop the function at start-up. */
@ApplicationScoped
@Startup
public class ActionLibrary {

    private final SortedMap<String, ActionExecutor> byName;

    public ActionLibrary(@Any Instance<ActionExecutor> executors) {
        SortedMap<String, ActionExecutor> found = new TreeMap<>();
        for (ActionExecutor executor : executors) {
            ActionExecutor other = found.put(executor.name(), executor);
            if (other != null) {
                throw new IllegalStateException("two action executors are named " + executor.name() + ": "
                        + other.getClass().getSimpleName() + " and " + executor.getClass().getSimpleName());
            }
        }
        this.byName = Collections.unmodifiableSortedMap(found);
    }

    public Optional<ActionExecutor> executor(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** Every executor, by name. */
    public SortedMap<String, ActionExecutor> executors() {
        return byName;
    }
}
