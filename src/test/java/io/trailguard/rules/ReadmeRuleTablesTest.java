package io.trailguard.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.trailguard.SampleTable;
import io.trailguard.remediation.ActionExecutor;
import io.trailguard.remediation.Permission;

/**
 * README "Writing a rule" lists every predicate and every action a rule may name, as the registries have them
 * ({@link Predicates#all()}, the action executors): a predicate or action added, renamed or given other permissions
 * fails here until the README says so. {@code -Dreadme.update=true} rewrites the two tables in place.
 */
class ReadmeRuleTablesTest {

    static final Path README = Path.of("README.md");

    @Test
    void readmeListsEveryPredicateAndActionAsRegistered() throws Exception {
        String readme = Files.readString(README);
        String updated = replace(replace(readme, "predicates", predicates()), "actions", actions(SampleTable.get().executors()));
        if (Boolean.getBoolean("readme.update")) {
            Files.writeString(README, updated);
            readme = updated;
        }
        assertEquals(section(updated, "predicates"), section(readme, "predicates"),
                "README's predicate table differs from Predicates.all(): run this test with -Dreadme.update=true");
        assertEquals(section(updated, "actions"), section(readme, "actions"),
                "README's action table differs from the action executors: run this test with -Dreadme.update=true");
    }

    static String predicates() {
        StringBuilder table = new StringBuilder("| predicate | parameters | holds when |\n|---|---|---|\n");
        Predicates.all().values().forEach(p -> table.append("| `").append(p.name()).append("` | ")
                .append(p.parameters().stream().map(n -> "`" + n + "`").collect(Collectors.joining(", "))).append(" | ")
                .append(p.description().replace("|", "\\|")).append(" |\n"));
        return table.toString();
    }

    static String actions(Map<String, ActionExecutor> executors) {
        StringBuilder table = new StringBuilder("| action | IAM permissions it is granted (resource) |\n|---|---|\n");
        executors.values().forEach(e -> table.append("| `").append(e.name()).append("` | ")
                .append(e.permissions().stream().map(ReadmeRuleTablesTest::permission).collect(Collectors.joining(", "))).append(" |\n"));
        return table.toString();
    }

    private static String permission(Permission p) {
        return "`" + p.iamAction() + "`" + ("*".equals(p.resourceArn()) ? "" : " (`" + p.resourceArn() + "`)");
    }

    private static final String START = "<!-- generated: %s (ReadmeRuleTablesTest) -->\n";
    private static final String END = "<!-- end: %s -->";

    private static String section(String readme, String name) {
        Matcher m = Pattern.compile(Pattern.quote(String.format(START, name)) + "(.*?)" + Pattern.quote(String.format(END, name)),
                Pattern.DOTALL).matcher(readme);
        if (!m.find()) {
            throw new AssertionError("README.md has no section " + String.format(START, name).strip() + " … " + String.format(END, name));
        }
        return m.group(1);
    }

    private static String replace(String readme, String name, String table) {
        String old = section(readme, name);
        String start = String.format(START, name);
        return readme.replace(start + old + String.format(END, name), start + table + String.format(END, name));
    }
}
