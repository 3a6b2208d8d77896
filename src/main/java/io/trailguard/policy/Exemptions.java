package io.trailguard.policy;

import java.util.List;

/** Who and what a policy leaves alone by its own definition (a declarative rule's {@code exemptions:}), besides its properties. */
public record Exemptions(List<String> principals, List<String> accounts, List<String> resources) {

    public static final Exemptions NONE = new Exemptions(List.of(), List.of(), List.of());

    public Exemptions {
        principals = List.copyOf(principals);
        accounts = List.copyOf(accounts);
        resources = List.copyOf(resources);
    }
}
