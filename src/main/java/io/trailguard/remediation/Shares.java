package io.trailguard.remediation;

import java.util.List;

/** Words for whom a resource is shared with, for audit lines and alerts. */
final class Shares {

    private Shares() {
    }

    static String describe(boolean everyone, List<String> accounts) {
        if (everyone && accounts.isEmpty()) {
            return "everyone";
        }
        return everyone ? "everyone and " + accounts : "accounts " + accounts;
    }
}
