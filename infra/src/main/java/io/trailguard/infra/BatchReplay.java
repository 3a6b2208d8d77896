package io.trailguard.infra;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.logs.CfnLogGroup;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.constructs.Construct;

/**
 * The AWS side of a replay over an organization's trail with S3 Batch Operations (optional: context
 * {@code replayTrailBucket}): a replay function that runs every policy and can only read the trail and write the
 * audit archive (no remediation grant: a replay never acts, and the role says so), a bucket for the job's manifests
 * and completion reports, and the role Batch Operations assumes to read the manifest, invoke the function and write
 * the report. The README's {@code aws s3control create-job} starts a job with the outputs.
 */
public class BatchReplay extends Construct {

    public static final String FUNCTION_NAME = "trailguard-replay";
    static final String MANIFESTS = "manifests/";
    static final String REPORTS = "reports/";

    private final Function function;
    private final Role jobRole;
    private final Bucket jobs;

    public BatchReplay(Construct scope, String id, Settings settings, String region) {
        super(scope, id);
        String trailBucket = settings.replayTrailBucket().orElseThrow();
        if (settings.auditBucket().isEmpty()) {
            throw new IllegalArgumentException("context replayTrailBucket needs auditBucket: a Batch Operations replay writes its "
                    + "decisions to the audit archive, where replay --from-audit reads them back");
        }
        String partition = Aws.PARTITION;
        jobs = Bucket.Builder.create(this, "Jobs").encryption(BucketEncryption.S3_MANAGED).blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .enforceSsl(true).versioned(false).removalPolicy(RemovalPolicy.RETAIN)
                .lifecycleRules(List.of(LifecycleRule.builder().id("ExpireReplayJobs").expiration(Duration.days(90)).build())).build();

        LogGroup logs = LogGroup.Builder.create(this, "Logs").logGroupName("/aws/lambda/" + FUNCTION_NAME)
                .removalPolicy(RemovalPolicy.RETAIN).build();
        ((CfnLogGroup) logs.getNode().getDefaultChild()).setRetentionInDays(settings.logRetentionDays());
        List<PolicyStatement> statements = new ArrayList<>();
        statements.add(statement("Logs", List.of("logs:CreateLogStream", "logs:PutLogEvents"), logs.getLogGroupArn()));
        statements.add(statement("ReadTrail", List.of("s3:GetObject", "s3:GetObjectVersion"),
                "arn:" + partition + ":s3:::" + trailBucket + "/AWSLogs/*"));
        settings.replayTrailKeyArn().ifPresent(key -> statements.add(statement("DecryptTrail", List.of("kms:Decrypt"), key)));
        // the audit sinks only: alert targets stay unset, a dry-run sends nothing
        Interception.alertTargetsAndAuditSinks(settings).stream()
                .filter(s -> s.getSid() != null && s.getSid().startsWith("Audit")).forEach(statements::add);
        Role functionRole = Role.Builder.create(this, "FunctionRole").roleName(Interception.ROLE_PREFIX + "replay-" + region)
                .description("trailguard replay function: reads the trail, writes the audit archive; no remediation")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .inlinePolicies(Map.of("trailguard", PolicyDocument.Builder.create().statements(statements).build())).build();

        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("QUARKUS_LAMBDA_HANDLER", "all");
        environment.put("DISABLE_SIGNAL_HANDLERS", "true");
        // the handler caps Batch Operations tasks at dry-run; any other input this function got would be capped too
        environment.put("TRAILGUARD_MODE", "dry-run");
        Interception.alertTargetsAndAuditSinksEnvironment(settings).forEach((k, v) -> {
            if (k.startsWith("TRAILGUARD_AUDIT_")) {
                environment.put(k, v);
            }
        });
        boolean jvm = Settings.JVM.equals(settings.runtime());
        function = Function.Builder.create(this, "Function").functionName(FUNCTION_NAME)
                .description("trailguard replay over CloudTrail log files, invoked by S3 Batch Operations (dry-run)")
                .runtime(jvm ? Runtime.JAVA_21 : Runtime.PROVIDED_AL2023).handler(jvm ? Interception.JVM_HANDLER : "bootstrap")
                .architecture(Architecture.X86_64).code(Code.fromAsset(settings.code()))
                // a log file of a busy account is tens of MB of JSON: the most Lambda allows, and the retry restarts the file
                .memorySize(Math.max(settings.memoryMb(), 1024)).timeout(Duration.minutes(15))
                .role(functionRole).logGroup(logs).environment(environment).build();

        jobRole = Role.Builder.create(this, "JobRole").roleName("trailguard-batch-replay-" + region)
                .description("S3 Batch Operations replaying the trail through " + FUNCTION_NAME)
                .assumedBy(new ServicePrincipal("batchoperations.s3.amazonaws.com"))
                .inlinePolicies(Map.of("trailguard-batch-replay", PolicyDocument.Builder.create().statements(List.of(
                        statement("InvokeReplay", List.of("lambda:InvokeFunction"), function.getFunctionArn()),
                        statement("ReadManifest", List.of("s3:GetObject", "s3:GetObjectVersion"), jobs.arnForObjects(MANIFESTS + "*")),
                        statement("WriteReport", List.of("s3:PutObject"), jobs.arnForObjects(REPORTS + "*")))).build()))
                .build();

        CfnOutput.Builder.create(this, "ReplayFunctionArn").value(function.getFunctionArn())
                .description("the function a Batch Operations replay job invokes").build();
        CfnOutput.Builder.create(this, "JobRoleArn").value(jobRole.getRoleArn()).description("--role-arn of aws s3control create-job").build();
        CfnOutput.Builder.create(this, "JobsBucket").value(jobs.getBucketName())
                .description("manifests under " + MANIFESTS + ", completion reports under " + REPORTS).build();
    }

    public Function function() {
        return function;
    }

    public Role jobRole() {
        return jobRole;
    }

    public Bucket jobs() {
        return jobs;
    }

    private static PolicyStatement statement(String sid, List<String> actions, String resource) {
        return PolicyStatement.Builder.create().sid(sid).effect(Effect.ALLOW).actions(actions).resources(List.of(resource)).build();
    }
}
