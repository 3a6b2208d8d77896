package io.trailguard.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.trailguard.SampleEvents;
import io.trailguard.SampleTable;
import io.trailguard.policy.ActionSpec;
import io.trailguard.policy.ConfiguredPolicy;
import io.trailguard.policy.Decision;
import io.trailguard.policy.Policy;
import io.trailguard.policy.Verdict;
import io.trailguard.remediation.ActionExecutor;
import io.trailguard.remediation.Permission;

/**
 * A policy's derived grants cover what its decisions ask for: every action a sample decision emits is one the
 * policy declares, has an executor that accepts its parameters and declares permissions on them, and the
 * decision's resource type is one the policy declares (so its tag reader is granted). Plain JUnit over the
 * {@link SampleTable}; RefusedSpecTest checks in Quarkus that its executors are the ActionLibrary's.
 */
class PolicyActionsTest {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([a-z-]+)}");

    private final SampleTable table = SampleTable.get();
    private final PolicyRegistry registry = table.registry();
    private final Map<String, ActionExecutor> executors = table.executors();

    @Test
    void everyActionASampleDecisionEmitsIsDeclaredAndCarriedOutByAnExecutor() throws Exception {
        Set<String> emitted = new HashSet<>();
        for (Path sample : SampleEvents.all()) {
            for (Verdict verdict : table.decide(sample)) {
                Decision decision = verdict.decision();
                if (decision == null || !decision.matched()) {
                    continue;
                }
                Policy policy = verdict.policy().policy();
                String where = policy.name() + " on " + sample.getFileName();
                if (decision.resource() != null) {
                    assertTrue(policy.resourceTypes().contains(decision.resource().type()),
                            where + ": resource type " + decision.resource().type() + " is not in resourceTypes() " + policy.resourceTypes());
                }
                for (ActionSpec spec : decision.actions()) {
                    assertTrue(policy.actions().contains(spec.name()), where + ": " + spec.name() + " is not in actions() " + policy.actions());
                    ActionExecutor executor = executors.get(spec.name());
                    assertNotNull(executor, where + ": no executor for " + spec.name());
                    // a sample carrying an invalid identifier fails closed: SampleDecisionsTest checks which actions are refused
                    if (table.expected(sample).path("refused").isEmpty()) {
                        assertNull(executor.refusal(spec), where + ": " + spec + " refused");
                    }
                    for (Permission permission : executor.permissions()) {
                        Matcher placeholder = PLACEHOLDER.matcher(permission.resourceArn());
                        while (placeholder.find()) {
                            // a kind-specific permission (user, role or group) names a parameter only its kind has
                            if (!Set.of("user", "role", "group").contains(placeholder.group(1))) {
                                assertTrue(spec.params().containsKey(placeholder.group(1)),
                                        where + ": " + permission + " names a parameter " + spec + " lacks");
                            }
                        }
                    }
                    emitted.add(spec.name());
                }
            }
        }
        assertTrue(emitted.size() >= 15, "the samples exercise most executors: " + emitted);
    }

    @Test
    void everyExecutorDeclaresPermissionsAndRefusesASpecWithoutParameters() {
        assertTrue(executors.size() >= 23, "executors: " + executors.keySet());
        executors.forEach((name, executor) -> {
            assertFalse(executor.permissions().isEmpty(), name + " declares no permission");
            executor.permissions().forEach(p -> assertTrue(p.iamAction().matches("[a-z0-9-]+:[A-Z][A-Za-z]+"), name + ": " + p));
            assertTrue(name.matches("[a-z0-9]+\\.[a-z0-9-]+"), name);
            assertNotNull(executor.refusal(new ActionSpec(name, null)), name + " accepts a spec without parameters");
        });
    }

    @Test
    void everyActionAPolicyDeclaresHasAnExecutor() {
        for (ConfiguredPolicy configured : registry.policies().values()) {
            for (String action : configured.policy().actions()) {
                assertTrue(executors.containsKey(action), configured.name() + " declares " + action + ", which has no executor");
            }
        }
    }

    @Test
    void anInvalidIdentifierIsRefusedWithItsReason() {
        ActionExecutor block = executors.get("s3.block-public-access");
        assertEquals("refused: bucket '../etc' is not a valid S3 bucket name", block.refusal(ActionSpec.of(block.name(), "bucket", "../etc")));
        ActionExecutor detach = executors.get("iam.detach-managed-policy");
        assertEquals("exactly one of the parameters user, role, group is needed", detach.refusal(ActionSpec.of(detach.name(),
                "user", "alice", "role", "admin", "policy-arn", "arn:aws:iam::aws:policy/AdministratorAccess")));
    }
}
