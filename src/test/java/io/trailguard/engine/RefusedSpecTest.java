package io.trailguard.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.trailguard.SampleEvents;
import io.trailguard.SampleTable;
import io.trailguard.event.EventReader;
import io.trailguard.event.TrailEvent;
import io.trailguard.notify.AuditRecord;
import io.trailguard.policy.ActionResult;
import io.trailguard.policy.ActionSpec;
import io.trailguard.policy.ConfiguredPolicy;
import io.trailguard.policy.Decision;
import io.trailguard.policy.Mode;
import io.trailguard.policy.ResourceRef;
import io.trailguard.policy.Severity;
import io.trailguard.policy.Verdict;
import io.trailguard.remediation.ActionLibrary;

/**
 * In the application: a spec its executor refuses is audited as refused, and the executors the plain
 * {@link PolicyActionsTest} checks are exactly the ActionLibrary's beans.
 */
@QuarkusTest
class RefusedSpecTest {

    @Inject
    EventReader reader;
    @Inject
    PolicyRegistry registry;
    @Inject
    ActionLibrary library;
    @Inject
    DecisionRunner runner;

    @Test
    void theSampleTableChecksEveryExecutorBeanAndNothingElse() {
        assertEquals(library.executors().keySet(), SampleTable.get().executors().keySet());
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
                record.outcome().actions());
        assertTrue(record.outcome().actions().stream().noneMatch(ActionResult::failed), "a refusal must not fail the invocation");
    }
}
