package io.trailguard.sigma;

import java.util.List;

/** A Sigma detection as a boolean expression over field matches, once its condition names are resolved. */
sealed interface Expr permits Expr.And, Expr.Or, Expr.Not, Expr.Match {

    record And(List<Expr> terms) implements Expr {
    }

    record Or(List<Expr> terms) implements Expr {
    }

    record Not(Expr term) implements Expr {
    }

    /**
     * One field of a selection: any of its values (all of them with {@code |all}), or none of them when negated.
     * {@code field} is the CloudTrail record's dotted path ({@code userIdentity.type}).
     */
    record Match(String field, List<Value> values, boolean all, boolean negated) implements Expr {

        Match negate() {
            // not (field exists) is (field absent): a positive test the pattern can hold
            if (values.size() == 1 && values.get(0).kind() == Kind.EXISTS) {
                return new Match(field, List.of(Value.exists(!(Boolean) values.get(0).value())), all, negated);
            }
            return new Match(field, values, all, !negated);
        }

        /** Each value its own match: {@code |all} of n values is n matches that must all hold. */
        List<Match> split() {
            return values.stream().map(v -> new Match(field, List.of(v), false, negated)).toList();
        }
    }

    enum Kind {
        /** the value as written: a string, number or boolean */
        EQUALS,
        PREFIX,
        SUFFIX,
        CONTAINS,
        /** a pattern with {@code *} anywhere, in event-ruler's wildcard syntax (literal {@code *} and {@code \} escaped) */
        WILDCARD,
        /** a Java regular expression */
        REGEX,
        /** whether the field is there (true) or not (false) */
        EXISTS,
        CIDR
    }

    record Value(Kind kind, Object value) {

        static Value exists(boolean present) {
            return new Value(Kind.EXISTS, present);
        }
    }
}
