package io.trailguard.remediation;

import java.util.List;
import java.util.Locale;
import java.util.Set;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.trailguard.policy.ActionSpec;
import io.trailguard.predicates.AwsIdentifiers;

/**
 * Cancels an RDS snapshot export to S3 that is still starting or running; data already written to S3 stays
 * there (RDS keeps what it exported), so the alert says the export was stopped, not undone.
 */
@ApplicationScoped
public class CancelDbExportTask implements ActionExecutor {

    public static final String NAME = "rds.cancel-export-task";

    /** The states CancelExportTask accepts; a complete, failed or canceled export has nothing left to stop. */
    private static final Set<String> RUNNING = Set.of("STARTING", "IN_PROGRESS");

    private final SignedQueryCall rds;

    public CancelDbExportTask(AwsClientConfig config, AccountCredentials credentials) {
        this.rds = SignedQueryCall.rds(config, credentials);
    }

    public static ActionSpec spec(String exportTask) {
        return ActionSpec.of(NAME, "export-task", exportTask);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Permission> permissions() {
        // export tasks take no resource-level permissions
        return List.of(Permission.onAny("rds:DescribeExportTasks"), Permission.onAny("rds:CancelExportTask"));
    }

    @Override
    public String refusal(ActionSpec spec) {
        return ParamCheck.string(spec, "export-task", AwsIdentifiers::isRdsExportTaskIdentifier, "an RDS export task identifier");
    }

    @Override
    public String target(ActionSpec spec) {
        return "export task " + spec.string("export-task");
    }

    @Override
    public boolean needed(ActionSpec spec) {
        String answer = rds.call("DescribeExportTasks", SignedQueryCall.parameters("ExportTaskIdentifier", spec.string("export-task")));
        return SignedQueryCall.members(answer, "ExportTasks", "ExportTask").stream().map(task -> SignedQueryCall.text(task, "Status"))
                .anyMatch(status -> status != null && RUNNING.contains(status.toUpperCase(Locale.ROOT)));
    }

    @Override
    public void apply(ActionSpec spec) {
        rds.call("CancelExportTask", SignedQueryCall.parameters("ExportTaskIdentifier", spec.string("export-task")));
    }

    @PreDestroy
    void close() {
        rds.close();
    }
}
