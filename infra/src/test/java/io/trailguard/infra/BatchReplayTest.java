package io.trailguard.infra;

import static io.trailguard.infra.Synth.actions;
import static io.trailguard.infra.Synth.context;
import static io.trailguard.infra.Synth.props;
import static io.trailguard.infra.Synth.resources;
import static io.trailguard.infra.Synth.roleStatements;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * The optional S3 Batch Operations side of a replay: a function that can read the trail and write the audit archive
 * and nothing else (no remediation, no alert), the job's role (invoke it, read manifests, write reports), the jobs
 * bucket; only with context replayTrailBucket, only in the first region, and never without an audit bucket.
 */
class BatchReplayTest {

    @Test
    void replayFunctionReadsTheTrailAndWritesTheAuditArchiveOnly() {
        Template template = Synth.template(Synth.app(context("regions", "us-east-1,eu-west-1", "replayTrailBucket", "org-trail",
                "auditBucket", "tg-audit", "auditFirehoseStream", "tg-audit-stream", "webhookSsmParameter", "/tg/webhook")), "trailguard-us-east-1");
        template.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of("FunctionName", BatchReplay.FUNCTION_NAME,
                "Timeout", 900, "Environment", Map.of("Variables", Map.of("QUARKUS_LAMBDA_HANDLER", "all", "DISABLE_SIGNAL_HANDLERS", "true",
                        "TRAILGUARD_MODE", "dry-run", "TRAILGUARD_AUDIT_S3_BUCKET", "tg-audit", "TRAILGUARD_AUDIT_S3_PREFIX", "trailguard-audit/",
                        "TRAILGUARD_AUDIT_FIREHOSE_STREAM", "tg-audit-stream")))));

        String functionRole = role(template, "lambda.amazonaws.com", "replay function");
        List<Map<String, Object>> statements = roleStatements(template, functionRole);
        assertEquals(new TreeSet<>(Set.of("logs:CreateLogStream", "logs:PutLogEvents", "s3:GetObject", "s3:GetObjectVersion", "s3:PutObject",
                "firehose:PutRecord")), actions(statements), "no remediation, no alert: " + statements);
        Map<String, Object> read = statements.stream().filter(s -> "ReadTrail".equals(s.get("Sid"))).findFirst().orElseThrow();
        assertTrue(read.get("Resource").toString().contains(":s3:::org-trail/AWSLogs/*"), read.toString());

        String jobRole = role(template, "batchoperations.s3.amazonaws.com", "S3 Batch Operations");
        List<Map<String, Object>> job = roleStatements(template, jobRole);
        assertEquals(new TreeSet<>(Set.of("lambda:InvokeFunction", "s3:GetObject", "s3:GetObjectVersion", "s3:PutObject")), actions(job));
        assertTrue(job.stream().filter(s -> "WriteReport".equals(s.get("Sid"))).findFirst().orElseThrow().get("Resource").toString()
                .contains("/" + BatchReplay.REPORTS + "*"));
        template.hasResourceProperties("AWS::S3::Bucket", Match.objectLike(Map.of("PublicAccessBlockConfiguration", Map.of(
                "BlockPublicAcls", true, "BlockPublicPolicy", true, "IgnorePublicAcls", true, "RestrictPublicBuckets", true))));
        // outputs are named by their construct path: BatchReplayJobRoleArn…
        Set<String> outputs = template.findOutputs("*").keySet();
        for (String output : List.of("ReplayFunctionArn", "JobRoleArn", "JobsBucket")) {
            assertTrue(outputs.stream().anyMatch(o -> o.startsWith("BatchReplay" + output)), output + " in " + outputs);
        }
    }

    @Test
    void notDeployedUnlessAskedForAndOnlyInTheFirstRegion() {
        var app = Synth.app(context("regions", "us-east-1,eu-west-1", "replayTrailBucket", "org-trail", "auditBucket", "tg-audit"));
        assertEquals(0, functions(Synth.template(app, "trailguard-eu-west-1")));
        assertEquals(0, functions(Synth.template(Synth.app(context("regions", "us-east-1", "auditBucket", "tg-audit")), "trailguard-us-east-1")));
        IllegalArgumentException noAudit = assertThrows(IllegalArgumentException.class,
                () -> Synth.app(context("regions", "us-east-1", "replayTrailBucket", "org-trail")));
        assertTrue(noAudit.getMessage().contains("auditBucket"), noAudit.getMessage());
    }

    @Test
    void anSseKmsTrailGetsItsKeyDecryptGrant() {
        String key = "arn:aws:kms:us-east-1:222222222222:key/0000aaaa-1111-2222-3333-444455556666";
        Template template = Synth.template(Synth.app(context("regions", "us-east-1", "replayTrailBucket", "org-trail", "auditBucket", "tg-audit",
                "replayTrailKeyArn", key)), "trailguard-us-east-1");
        Map<String, Object> decrypt = roleStatements(template, role(template, "lambda.amazonaws.com", "replay function")).stream()
                .filter(s -> "DecryptTrail".equals(s.get("Sid"))).findFirst().orElseThrow();
        assertEquals(key, decrypt.get("Resource"));
    }

    private static long functions(Template template) {
        return resources(template, "AWS::Lambda::Function").values().stream()
                .filter(f -> BatchReplay.FUNCTION_NAME.equals(props(f).get("FunctionName"))).count();
    }

    /** The logical id of the one role whose description names {@code what} and that {@code service} assumes. */
    private static String role(Template template, String service, String what) {
        List<String> ids = resources(template, "AWS::IAM::Role").entrySet().stream()
                .filter(r -> String.valueOf(props(r.getValue()).get("Description")).contains(what))
                .filter(r -> String.valueOf(props(r.getValue()).get("AssumeRolePolicyDocument")).contains(service))
                .map(Map.Entry::getKey).toList();
        assertEquals(1, ids.size(), what + ": " + ids);
        return ids.get(0);
    }
}
