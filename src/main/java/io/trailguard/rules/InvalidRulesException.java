package io.trailguard.rules;

import java.util.List;

/** Rules that cannot run: start-up fails with one line per problem, each naming the rule, the field and the reason. */
public class InvalidRulesException extends RuntimeException {

    private final List<String> problems;

    public InvalidRulesException(List<String> problems) {
        super("invalid trailguard rules:\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
