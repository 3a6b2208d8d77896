package io.trailguard.policy;

import java.util.regex.Pattern;

/** A MITRE ATT&CK technique id ({@code T1530}) or sub-technique id ({@code T1562.008}), and its page on attack.mitre.org. */
public final class AttackTechnique {

    private static final Pattern ID = Pattern.compile("T\\d{4}(\\.\\d{3})?");

    private AttackTechnique() {
    }

    public static boolean isWellFormed(String id) {
        return id != null && ID.matcher(id).matches();
    }

    /** The technique's page: a sub-technique's id turns into a path ({@code T1562/008}). */
    public static String url(String id) {
        if (!isWellFormed(id)) {
            throw new IllegalArgumentException("not an ATT&CK technique id: " + id);
        }
        return "https://attack.mitre.org/techniques/" + id.replace('.', '/') + "/";
    }
}
