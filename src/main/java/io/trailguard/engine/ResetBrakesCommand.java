package io.trailguard.engine;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.trailguard.policy.HandlerNames;

/**
 * {@code reset-brakes [NAME...]}: takes off the remediation brakes in the shared table, so that the policies
 * remediate again. A NAME is a policy (its own brake) or a handler (its function's brake); none means every brake.
 * Exit code: 0, 1 when the table cannot be reached, 2 for a name that is neither or when no table is configured.
 */
@ApplicationScoped
public class ResetBrakesCommand {

    static final String USAGE = "usage: reset-brakes [NAME...]  (a policy name or a handler name: "
            + String.join(", ", handlers()) + "; none: every brake)";

    private final PolicyRegistry registry;
    private final Brakes brakes;
    private final CounterStore store;

    public ResetBrakesCommand(PolicyRegistry registry, Brakes brakes, CounterStore store) {
        this.registry = registry;
        this.brakes = brakes;
        this.store = store;
    }

    public int run(PrintStream out, String... args) {
        if (store instanceof InMemoryCounterStore) {
            out.println("no brake to reset here: without trailguard.dedup.table (TRAILGUARD_DEDUP_TABLE) a brake lives in one"
                    + " function instance's memory and a cold start resets it; set the deployed table's name to reset theirs");
            return 2;
        }
        List<String> policies = new ArrayList<>();
        List<String> functions = new ArrayList<>();
        for (String name : args) {
            boolean policy = registry.policies().containsKey(name);
            boolean function = handlers().contains(name);
            if (!policy && !function) {
                out.println(name + ": no policy nor handler has that name");
                out.println(USAGE);
                return 2;
            }
            if (policy) {
                policies.add(name);
            }
            if (function) {
                functions.add(name);
            }
        }
        if (args.length == 0) {
            policies.addAll(registry.policies().keySet());
            functions.addAll(handlers());
        }
        int released = 0;
        try {
            for (String policy : policies) {
                released += report(out, "policy " + policy, brakes.release(policy, false));
            }
            for (String handler : functions) {
                released += report(out, "function " + handler, brakes.release(handler, true));
            }
        } catch (RuntimeException e) {
            out.println("could not reset the brakes: " + DecisionRunner.errorText(e));
            return 1;
        }
        out.println(released + " brake" + (released == 1 ? "" : "s") + " released");
        return 0;
    }

    private static int report(PrintStream out, String what, boolean wasOn) {
        if (wasOn) {
            out.println("released the brake of " + what);
        }
        return wasOn ? 1 : 0;
    }

    private static List<String> handlers() {
        List<String> handlers = new ArrayList<>(HandlerNames.POLICY_HANDLERS);
        handlers.add(HandlerNames.ALL);
        return handlers;
    }
}
