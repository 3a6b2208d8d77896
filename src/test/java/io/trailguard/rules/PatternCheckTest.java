package io.trailguard.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.trailguard.SampleTable;
import io.trailguard.policy.Policy;
import software.amazon.event.ruler.Machine;

/** A rule's pattern is checked without building a machine, and refused exactly when, and as, Machine.addRule refuses it. */
class PatternCheckTest {

    @Test
    void refusesWhatAMachineRefusesWithItsMessage() {
        List<String> patterns = new ArrayList<>();
        SampleTable.get().policies().stream().map(Policy::pattern).forEach(patterns::add);
        DeclaredRules.fromFiles(List.of("native-tests/bench/rules-100.yaml"), SampleTable.get().executors().keySet())
                .forEach(r -> patterns.add(r.pattern()));
        StringBuilder wide = new StringBuilder("{");
        for (int i = 0; i < 257; i++) {
            wide.append(i == 0 ? "" : ",").append("\"f").append(i).append("\": [\"v\"]");
        }
        patterns.addAll(List.of(wide + "}", wide.toString().replace("{\"f0\"", "{\"$or\": [{\"a\": [\"b\"]}, {\"c\": [\"d\"]}], \"f0\"") + "}",
                "{\"detail\": {\"eventName\": [{\"prefix\": 3}]}}", "{\"a\": [{\"anything-but\": {\"prefix\": 1}}]}",
                "{\"a\": [{\"numeric\": [\">\", \"x\"]}]}", "{\"a\": [{\"wildcard\": \"a**b\"}]}", "{\"a\": \"b\"}", "{\"a\": []}",
                "{\"$or\": [{\"a\": [\"b\"]}]}", "{\"$or\": [{\"a\": [\"b\"]}, {\"c\": [\"d\"]}]}", "{\"a\": [{\"exists\": \"yes\"}]}",
                "{\"a\": [{\"cidr\": \"10.0.0.0/33\"}]}", "{\"a\": [{\"equals-ignore-case\": 5}]}", "{\"a\": [{\"suffix\": \"x\"}], \"b\": {\"c\": [1.5, null, true]}}",
                "[1, 2]", "{\"a\": [\"b\"]", "not json", "{}"));
        int refused = 0;
        for (String pattern : patterns) {
            String byMachine = refusal(() -> Machine.builder().build().addRule("r", pattern));
            String byCheck = refusal(() -> RuleReader.compiles("r", pattern));
            assertEquals(byMachine, byCheck, pattern);
            refused += byMachine == null ? 0 : 1;
        }
        assertTrue(refused >= 10, "the bad patterns should be refused: " + refused);
    }

    private interface Adding {
        void add() throws Exception;
    }

    private static String refusal(Adding adding) {
        try {
            adding.add();
            return null;
        } catch (Exception e) {
            return e.getClass().getName() + ": " + e.getMessage();
        }
    }
}
