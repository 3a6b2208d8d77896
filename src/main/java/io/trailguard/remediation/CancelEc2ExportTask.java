package io.trailguard.remediation;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.trailguard.policy.ActionSpec;
import io.trailguard.predicates.AwsIdentifiers;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.ExportTaskState;

/**
 * Cancels an EC2 export still active: an instance export ({@code export-i-…}, CreateInstanceExportTask) or an
 * image export ({@code export-ami-…}, ExportImage); CancelExportTask takes both, each is described apart.
 */
@ApplicationScoped
public class CancelEc2ExportTask implements ActionExecutor {

    public static final String NAME = "ec2.cancel-export-task";

    private final Ec2Client ec2;

    public CancelEc2ExportTask(Ec2Client ec2) {
        this.ec2 = ec2;
    }

    public static ActionSpec spec(String exportTaskId) {
        return ActionSpec.of(NAME, "export-task-id", exportTaskId);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Permission> permissions() {
        // the Describe calls take no resource-level permissions
        return List.of(Permission.onAny("ec2:DescribeExportTasks"), Permission.onAny("ec2:DescribeExportImageTasks"),
                new Permission("ec2:CancelExportTask", "arn:aws:ec2:*:*:export-*-task/${export-task-id}"));
    }

    @Override
    public String refusal(ActionSpec spec) {
        return ParamCheck.string(spec, "export-task-id", AwsIdentifiers::isEc2ExportTaskId, "an EC2 export task id export-i-… or export-ami-…");
    }

    @Override
    public String target(ActionSpec spec) {
        return "export task " + spec.string("export-task-id");
    }

    @Override
    public boolean needed(ActionSpec spec) {
        String id = spec.string("export-task-id");
        if (id.startsWith("export-ami-")) {
            return ec2.describeExportImageTasks(b -> b.exportImageTaskIds(id)).exportImageTasks().stream()
                    .anyMatch(task -> "active".equalsIgnoreCase(task.status()));
        }
        return ec2.describeExportTasks(b -> b.exportTaskIds(id)).exportTasks().stream()
                .anyMatch(task -> task.state() == ExportTaskState.ACTIVE);
    }

    @Override
    public void apply(ActionSpec spec) {
        ec2.cancelExportTask(b -> b.exportTaskId(spec.string("export-task-id")));
    }
}
