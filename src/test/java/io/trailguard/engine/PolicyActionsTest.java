package io.trailguard.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.trailguard.SampleEvents;
import io.trailguard.event.EventReader;
import io.trailguard.event.TrailEvent;
import io.trailguard.notify.AuditRecord;
import io.trailguard.policies.identity.SignInFailures;
import io.trailguard.policy.ActionResult;
import io.trailguard.policy.ActionSpec;
import io.trailguard.policy.ConfiguredPolicy;
import io.trailguard.policy.Decision;
import io.trailguard.policy.Mode;
import io.trailguard.policy.Policy;
import io.trailguard.policy.ResourceRef;
import io.trailguard.policy.Severity;
import io.trailguard.policy.Verdict;
import io.trailguard.remediation.ActionExecutor;
import io.trailguard.remediation.ActionLibrary;
import io.trailguard.remediation.Permission;

/**
 * A policy's derived grants cover what its decisions ask for: every action a sample decision emits is one the
 * policy declares, has an executor that accepts its parameters and declares permissions on them, and the
 * decision's resource type is one the policy declares (so its tag reader is granted).
 */
@QuarkusTest
class PolicyActionsTest {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([a-z-]+)}");

    @Inject
    EventReader reader;
    @Inject
    PolicyRegistry registry;
    @Inject
    ActionLibrary library;
    @Inject
    PolicyPermissions permissions;
    @Inject
    SignInFailures signInFailures;
    @Inject
    DecisionRunner runner;

    @Test
    void everyActionASampleDecisionEmitsIsDeclaredAndCarriedOutByAnExecutor() throws Exception {
        Set<String> emitted = new HashSet<>();
        for (Path sample : SampleEvents.all()) {
            signInFailures.forgetAll();
            for (Verdict verdict : registry.evaluate(reader.read(Files.readAllBytes(sample)), PolicyRegistry.ALL)) {
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
                    ActionExecutor executor = library.executor(spec.name()).orElse(null);
                    assertNotNull(executor, where + ": no executor for " + spec.name());
                    assertNull(executor.refusal(spec), where + ": " + spec + " refused");
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
        assertTrue(library.executors().size() >= 23, "executors: " + library.executors().keySet());
        library.executors().forEach((name, executor) -> {
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
                assertTrue(library.executor(action).isPresent(), configured.name() + " declares " + action + ", which has no executor");
            }
            assertNotNull(permissions.iamActions(configured.policy()));
        }
    }

    @Test
    void anInvalidIdentifierIsRefusedWithItsReason() {
        ActionExecutor block = library.executor("s3.block-public-access").orElseThrow();
        assertEquals("refused: bucket '../etc' is not a valid S3 bucket name", block.refusal(ActionSpec.of(block.name(), "bucket", "../etc")));
        ActionExecutor detach = library.executor("iam.detach-managed-policy").orElseThrow();
        assertEquals("exactly one of the parameters user, role, group is needed", detach.refusal(ActionSpec.of(detach.name(),
                "user", "alice", "role", "admin", "policy-arn", "arn:aws:iam::aws:policy/AdministratorAccess")));
    }

    @Test
    void aSpecItsExecutorRefusesIsAuditedAsRefusedNeverAppliedNorAFailure() throws Exception {
        TrailEvent event = reader.read(SampleEvents.read("s3-public-bucket", "delete-bucket-public-access-block").getBytes()).event();
        ConfiguredPolicy policy = registry.policies().get("s3-public-bucket");
        Decision decision = Decision.remediate(Severity.HIGH, new ResourceRef(ResourceRef.S3_BUCKET, "tg-demo-data"), "test",
                List.of("test"), List.of(ActionSpec.of("s3.block-public-access", "bucket", "../etc"), ActionSpec.of("s3.no-such-action")));
        // dry-run reads no tag and sends no alert: the runner meets the specs with no AWS endpoint at hand
        AuditRecord record = runner.run(new Verdict(policy, decision, Mode.DRY_RUN, null), event, PolicyRegistry.ALL);
        assertEquals(List.of(
                new ActionResult("s3.block-public-access", "(invalid spec)", ActionResult.REFUSED,
                        "refused: bucket '../etc' is not a valid S3 bucket name"),
                new ActionResult("s3.no-such-action", "(invalid spec)", ActionResult.REFUSED, "no action executor is named s3.no-such-action")),
                record.actions());
        assertTrue(record.actions().stream().noneMatch(ActionResult::failed), "a refusal must not fail the invocation");
    }
}
