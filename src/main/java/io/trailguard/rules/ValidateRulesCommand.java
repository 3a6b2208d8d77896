package io.trailguard.rules;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.trailguard.policy.Policy;
import io.trailguard.remediation.ActionLibrary;

/**
 * {@code validate-rules [--json OUT] PATH…}: checks rules files offline (no AWS call) as start-up would, and prints every problem,
 * one line each naming the rule, the field and the reason. A name taken by a Java policy or a bundled rule is a
 * problem too: it would stop the deployed function. Exit status 0 when every rule is valid, 1 when one is not,
 * 2 for bad usage. With {@code --json OUT}, valid rules are also written to OUT as one JSON rules file, which start-up
 * reads with the JSON parser instead of the YAML one.
 */
@ApplicationScoped
public class ValidateRulesCommand {

    static final String USAGE = "usage: validate-rules [--json OUT] PATH...  (rules files, or directories of *.yaml;"
            + " --json writes the valid rules as one JSON rules file, read faster at a cold start)";

    private static final ObjectMapper JSON = JsonMapper.builder().build();

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

    public int run(PrintStream out, String... given) {
        Path json = given.length > 2 && "--json".equals(given[0]) ? Path.of(given[1]) : null;
        String[] args = json == null ? given : Arrays.copyOfRange(given, 2, given.length);
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
        if (json != null) {
            try {
                writeJson(json, List.of(args));
            } catch (IOException e) {
                out.println("cannot write " + json + ": " + e.getClass().getSimpleName() + " " + e.getMessage());
                return 1;
            }
            out.println("written as one JSON rules file to " + json);
        }
        return 0;
    }

    /** The rules of the files as they are written, one list under rules:, in JSON: the same rules, without the YAML parse. */
    private static void writeJson(Path json, List<String> paths) throws IOException {
        ObjectNode file = JSON.createObjectNode();
        ArrayNode all = file.putArray("rules");
        for (RuleText text : new RuleFiles(paths).read()) {
            JsonNode tree = RuleReader.tree(text);
            if (tree != null) {
                tree.path("rules").forEach(all::add);
            }
        }
        // marked as checked, so that start-up does not compile every pattern again (RuleReader.CHECKED_BY)
        Files.writeString(json, RuleReader.withMark(JSON.writeValueAsString(file)) + "\n");
    }
}
