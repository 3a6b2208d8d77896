package io.trailguard.policies;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.jboss.logging.MDC;

import io.quarkus.test.junit.QuarkusTest;
import io.trailguard.AlertInbox;
import io.trailguard.Lambda;
import io.trailguard.MotoServer;
import io.trailguard.SampleEvents;
import io.trailguard.engine.DecisionRunner;
import io.trailguard.policy.ActionSpec;
import io.trailguard.remediation.CancelDbExportTask;
import io.trailguard.remediation.CancelEc2ExportTask;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * data-export-started on moto (the test profile opts it into enforce). moto finishes an RDS export the moment it
 * starts and has no EC2 export tasks at all: the export event meets a complete export, which is left alone, and
 * the cancel itself is checked by carrying a spec out on moto's task; EC2 exports are checked by refusal only.
 */
@QuarkusTest
class DataExportStartedRemediationTest {

    static final String POLICY = "data-export-started";

    @Inject
    RdsClient rds;
    @Inject
    SnsClient sns;
    @Inject
    CancelDbExportTask cancel;
    @Inject
    CancelEc2ExportTask cancelEc2;
    @Inject
    ObjectMapper mapper;

    AlertInbox alerts;

    @BeforeEach
    void freshAccount() {
        MotoServer.reset();
        alerts = AlertInbox.create(sns);
    }

    @AfterEach
    void close() {
        alerts.close();
    }

    @Test
    void aFinishedExportIsAlertedAndLeftAloneAndARunningOneIsCancelled() throws Exception {
        rds.createDBInstance(b -> b.dbInstanceIdentifier("orders-db").dbInstanceClass("db.t3.medium").engine("postgres")
                .masterUsername("dbadmin").masterUserPassword("not-a-real-secret-1").allocatedStorage(100));
        String snapshot = rds.createDBSnapshot(b -> b.dbSnapshotIdentifier("orders-db-2026-11-20").dbInstanceIdentifier("orders-db"))
                .dbSnapshot().dbSnapshotArn();
        rds.startExportTask(b -> b.exportTaskIdentifier("orders-export-1124").sourceArn(snapshot).s3BucketName("analytics-drop-7731")
                .iamRoleArn("arn:aws:iam::123456789012:role/rds-s3-export").kmsKeyId("arn:aws:kms:us-east-1:123456789012:key/1234abcd"));
        assertEquals("complete", status("orders-export-1124"), "moto finishes an export at once");

        Lambda.invoke(SampleEvents.read(POLICY, "rds-start-export-task")).statusCode(200)
                .body("decisions[0].actions.action", equalTo(List.of("rds.cancel-export-task")))
                .body("decisions[0].actions.outcome", equalTo(List.of("already-compliant")));
        assertEquals("complete", status("orders-export-1124"), "a finished export is not cancelled");
        List<String> messages = alerts.messages();
        assertEquals(1, messages.size(), "one alert");
        JsonNode alert = mapper.readTree(messages.get(0));
        assertEquals(POLICY, alert.path("policy").asText());
        assertEquals("MEDIUM", alert.path("severity").asText());

        // what enforce does to an export still running: the call, its parameters and moto's task state after; made as
        // the policy's decision would make it (the logging context), so infra's least-privilege check sees the call
        MDC.put(DecisionRunner.POLICY_CONTEXT, POLICY);
        try {
            cancel.apply(CancelDbExportTask.spec("orders-export-1124"));
        } finally {
            MDC.remove(DecisionRunner.POLICY_CONTEXT);
        }
        assertEquals("canceled", status("orders-export-1124"));
        assertFalse(cancel.needed(CancelDbExportTask.spec("orders-export-1124")), "a canceled export needs nothing more");
    }

    @Test
    void aCrossRegionCopyIsAlertedWithNothingDone() throws Exception {
        Lambda.invoke(SampleEvents.read(POLICY, "copy-db-cluster-snapshot-from-another-region")).statusCode(200)
                .body("decisions[0].policy", equalTo(POLICY))
                .body("decisions[0].actions", equalTo(List.of()));
        assertEquals(1, alerts.messages().size(), "one alert");
    }

    @Test
    void theEc2CancelRefusesWhatCancelExportTaskWouldNotTake() {
        assertNull(cancelEc2.refusal(CancelEc2ExportTask.spec("export-i-0f1e2d3c4b5a69788")));
        assertNull(cancelEc2.refusal(CancelEc2ExportTask.spec("export-ami-0a1b2c3d4e5f60718")));
        assertEquals("refused: export-task-id 'export-i-0F1E2D3C' is not an EC2 export task id export-i-… or export-ami-…",
                cancelEc2.refusal(CancelEc2ExportTask.spec("export-i-0F1E2D3C")));
        assertEquals("refused: export-task-id 'i-0f1e2d3c4b5a69788' is not an EC2 export task id export-i-… or export-ami-…",
                cancelEc2.refusal(CancelEc2ExportTask.spec("i-0f1e2d3c4b5a69788")));
        assertEquals("missing parameter export-task-id", cancelEc2.refusal(new ActionSpec(CancelEc2ExportTask.NAME, null)));
    }

    private String status(String task) {
        return rds.describeExportTasks(b -> b.exportTaskIdentifier(task)).exportTasks().get(0).status();
    }
}
