package io.trailguard.engine;

import java.util.SortedSet;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;

import io.trailguard.policy.Policy;
import io.trailguard.policy.TagReader;
import io.trailguard.remediation.ActionExecutor;
import io.trailguard.remediation.ActionLibrary;
import io.trailguard.remediation.Permission;

/**
 * A policy's IAM actions, derived: the permissions of the executors of the actions it may emit, plus what the
 * tag readers of its resource types call for the exemption tag. The function's role is granted exactly these.
 */
@ApplicationScoped
public class PolicyPermissions {

    private final ActionLibrary library;
    private final Instance<TagReader> tagReaders;

    public PolicyPermissions(ActionLibrary library, @Any Instance<TagReader> tagReaders) {
        this.library = library;
        this.tagReaders = tagReaders;
    }

    /** Sorted, each once; a policy naming an action no executor carries out is a bug, so it throws. */
    public SortedSet<String> iamActions(Policy policy) {
        SortedSet<String> actions = new TreeSet<>();
        for (String name : policy.actions()) {
            ActionExecutor executor = library.executor(name).orElseThrow(() -> new IllegalStateException(
                    "policy " + policy.name() + " names action " + name + ", which no executor carries out"));
            executor.permissions().stream().map(Permission::iamAction).forEach(actions::add);
        }
        for (String type : policy.resourceTypes()) {
            for (TagReader reader : tagReaders) {
                if (reader.reads(type)) {
                    actions.addAll(reader.iamActions(type));
                }
            }
        }
        return actions;
    }
}
