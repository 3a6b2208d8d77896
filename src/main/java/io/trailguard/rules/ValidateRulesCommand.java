package io.trailguard.rules;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import io.trailguard.policy.Policy;
import io.trailguard.remediation.ActionLibrary;

/**
 * {@code validate-rules PATH…}: checks rules files offline (no AWS call) as start-up would, and prints every problem,
 * one line each naming the rule, the field and the reason. A name taken by a Java policy or a bundled rule is a
 * problem too: it would stop the deployed function. Exit status 0 when every rule is valid, 1 when one is not,
 * 2 for bad usage.
 */
@ApplicationScoped
public class ValidateRulesCommand {

    static final String USAGE = "usage: validate-rules PATH...  (rules files, or directories of *.yaml)";

    private final Set<String> actionNames;
    private final Set<String> takenNames;

    @Inject
    public ValidateRulesCommand(ActionLibrary library, @Any Instance<Policy> javaPolicies) {
        this(library.executors().keySet(), taken(javaPolicies.stream().map(Policy::name).toList(), library.executors().keySet()));
    }

    /** Over given action names and names already taken by Java policies and bundled rules: the command without Quarkus. */
    public ValidateRulesCommand(Set<String> actionNames, Set<String> takenNames) {
        this.actionNames = Set.copyOf(actionNames);
        this.takenNames = Set.copyOf(takenNames);
    }

    /** The names a user's rule cannot take: every Java policy's, and every bundled rule's (always loaded first). */
    public static Set<String> taken(List<String> javaPolicyNames, Set<String> actionNames) {
        Set<String> taken = new TreeSet<>(javaPolicyNames);
        // bundled rules name actions too: read them against the same action library
        new DeclaredRules(List.of(new BundledRules()), actionNames).rules().forEach(r -> taken.add(r.name()));
        return taken;
    }

    public int run(PrintStream out, String... args) {
        if (args.length == 0 || List.of(args).stream().anyMatch(a -> a.startsWith("--"))) {
            out.println(USAGE);
            return 2;
        }
        List<String> problems = new ArrayList<>();
        List<DeclaredRule> rules = new ArrayList<>();
        try {
            rules.addAll(DeclaredRules.fromFiles(List.of(args), actionNames));
        } catch (InvalidRulesException e) {
            problems.addAll(e.problems());
        }
        for (DeclaredRule rule : rules) {
            if (takenNames.contains(rule.name())) {
                problems.add("rule " + rule.name() + ", field name: a Java policy or bundled rule is already named " + rule.name());
            }
        }
        if (!problems.isEmpty()) {
            problems.forEach(out::println);
            out.println(problems.size() + (problems.size() == 1 ? " problem" : " problems") + " in " + String.join(", ", args));
            return 1;
        }
        out.println(rules.size() + (rules.size() == 1 ? " rule" : " rules") + " valid in " + String.join(", ", args) + ": "
                + String.join(", ", rules.stream().map(DeclaredRule::name).toList()));
        return 0;
    }
}
