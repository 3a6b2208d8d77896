package io.trailguard.remediation;

import java.util.List;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.trailguard.policy.ActionSpec;
import io.trailguard.predicates.AwsIdentifiers;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * Cancels an EC2 export still active: an instance export ({@code export-i-…}, CreateInstanceExportTask) or an
 * image export ({@code export-ami-…}, ExportImage); CancelExportTask takes both, each is described apart. EC2's query API as
 * signed calls ({@link SignedQueryCall#ec2}).
 */
@ApplicationScoped
public class CancelEc2ExportTask implements ActionExecutor {

    public static final String NAME = "ec2.cancel-export-task";

    private final SignedQueryCall ec2;

    @Inject
    public CancelEc2ExportTask(AwsClientConfig config, AccountCredentials credentials) {
        this(config, (AwsCredentialsProvider) credentials);
    }

    CancelEc2ExportTask(AwsClientConfig config, AwsCredentialsProvider credentials) {
        this.ec2 = SignedQueryCall.ec2(config, credentials);
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
            String answer = ec2.call("DescribeExportImageTasks", SignedQueryCall.parameters("ExportImageTaskId.1", id));
            return SignedQueryCall.items(answer, "exportImageTaskSet").stream()
                    .anyMatch(task -> "active".equalsIgnoreCase(SignedQueryCall.text(task, "status")));
        }
        String answer = ec2.call("DescribeExportTasks", SignedQueryCall.parameters("ExportTaskId.1", id));
        return SignedQueryCall.items(answer, "exportTaskSet").stream().anyMatch(task -> "active".equals(SignedQueryCall.text(task, "state")));
    }

    @Override
    public void apply(ActionSpec spec) {
        ec2.call("CancelExportTask", SignedQueryCall.parameters("ExportTaskId", spec.string("export-task-id")));
    }

    @PreDestroy
    void close() {
        ec2.close();
    }
}
