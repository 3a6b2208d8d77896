package io.trailguard.remediation;

import java.util.List;
import java.util.stream.Stream;

import io.trailguard.policy.ActionSpec;
import io.trailguard.predicates.AwsIdentifiers;

/**
 * Whom a resource is shared with, as the share-removing specs list it in {@code shares}: {@code all} for
 * everyone, else account ids; and in words, for audit lines and alerts.
 */
final class Shares {

    static final String EVERYONE = "all";

    private Shares() {
    }

    static List<String> of(boolean everyone, List<String> accounts) {
        return everyone ? concat(accounts) : List.copyOf(accounts);
    }

    static String refusal(ActionSpec spec) {
        return ParamCheck.strings(spec, "shares", s -> EVERYONE.equals(s) || AwsIdentifiers.isAccountId(s), "all or an account id");
    }

    static boolean everyone(ActionSpec spec) {
        return spec.strings("shares").contains(EVERYONE);
    }

    static List<String> accounts(ActionSpec spec) {
        return spec.strings("shares").stream().filter(s -> !EVERYONE.equals(s)).toList();
    }

    /**
     * Whether one of EC2's permission items (an AMI's launch permissions, a snapshot's create-volume permissions:
     * {@code <group>all</group>} or {@code <userId>…</userId>}) is one the spec removes.
     */
    static boolean anyRemoved(List<String> permissions, ActionSpec spec) {
        boolean everyone = everyone(spec);
        List<String> accounts = accounts(spec);
        return permissions.stream().anyMatch(p -> (everyone && EVERYONE.equals(SignedQueryCall.text(p, "group")))
                || accounts.contains(SignedQueryCall.text(p, "userId")));
    }

    static String describe(ActionSpec spec) {
        boolean everyone = everyone(spec);
        List<String> accounts = accounts(spec);
        if (everyone && accounts.isEmpty()) {
            return "everyone";
        }
        return everyone ? "everyone and " + accounts : "accounts " + accounts;
    }

    private static List<String> concat(List<String> accounts) {
        return Stream.concat(Stream.of(EVERYONE), accounts.stream()).toList();
    }
}
