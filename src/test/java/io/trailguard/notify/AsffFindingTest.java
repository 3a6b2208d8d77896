package io.trailguard.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;

import io.trailguard.SampleEvents;
import io.trailguard.SampleTable;
import io.trailguard.engine.PolicyRegistry;
import io.trailguard.event.ParsedEvent;
import io.trailguard.event.TrailEvent;
import io.trailguard.policy.ConfiguredPolicy;
import io.trailguard.policy.Decision;
import io.trailguard.policy.Mode;
import io.trailguard.policy.Policy;
import io.trailguard.policy.Verdict;
import io.trailguard.policy.ResourceRef;
import io.trailguard.policy.Severity;
import software.amazon.awssdk.services.securityhub.model.AwsSecurityFinding;
import software.amazon.awssdk.services.securityhub.model.Resource;
import software.amazon.awssdk.services.securityhub.model.SeverityLabel;

/** ASFF resources carry the type Security Hub knows and an ARN; severities map onto Security Hub's labels. */
class AsffFindingTest {

    @Test
    void resourcesByType() {
        assertResource("AwsS3Bucket", "arn:aws:s3:::tg-demo-data", new ResourceRef(ResourceRef.S3_BUCKET, "tg-demo-data"));
        assertResource("AwsIamUser", "arn:aws:iam::123456789012:user/bob", new ResourceRef(ResourceRef.IAM_USER, "bob"));
        assertResource("AwsIamRole", "arn:aws:iam::123456789012:role/app", new ResourceRef(ResourceRef.IAM_ROLE, "app"));
        assertResource("AwsCloudTrailTrail", "arn:aws:cloudtrail:eu-west-1:123456789012:trail/main",
                new ResourceRef(ResourceRef.CLOUDTRAIL_TRAIL, "main"));
        assertResource("AwsCloudTrailTrail", "arn:aws:cloudtrail:us-east-1:123456789012:trail/org",
                new ResourceRef(ResourceRef.CLOUDTRAIL_TRAIL, "arn:aws:cloudtrail:us-east-1:123456789012:trail/org"));
        assertResource("AwsAccount", "AWS::::Account:123456789012", new ResourceRef(ResourceRef.IAM_ROOT_USER, "123456789012"));
        assertResource("Other", "sg-0123", new ResourceRef("AWS::EC2::SecurityGroup", "sg-0123"));
        assertResource("AwsAccount", "AWS::::Account:123456789012", null);
    }

    @Test
    void severityLabels() {
        assertEquals(SeverityLabel.INFORMATIONAL, AsffFinding.label(Severity.INFO));
        assertEquals(SeverityLabel.MEDIUM, AsffFinding.label(Severity.MEDIUM));
        assertEquals(SeverityLabel.CRITICAL, AsffFinding.label(Severity.CRITICAL));
    }

    @Test
    void productArnOfTheDefaultCustomIntegration() {
        assertEquals("arn:aws:securityhub:eu-west-1:111122223333:product/111122223333/default",
                AsffFinding.productArn("aws", "eu-west-1", "111122223333"));
    }

    @Test
    void attackTechniquesAreAProductFieldAndTheRunbookTheRecommendationUrl() throws Exception {
        AwsSecurityFinding finding = finding("s3-public-bucket", "put-bucket-acl-canned-public-read");

        assertEquals("T1530", finding.productFields().get(AsffFinding.ATTACK_FIELD));
        assertEquals("https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html",
                finding.remediation().recommendation().url());
        assertFalse(finding.remediation().recommendation().text().isBlank(), "the text stays beside the URL");
    }

    @Test
    void severalTechniquesAreCommaSeparatedAndNoRunbookLeavesTheUrlOut() throws Exception {
        AwsSecurityFinding finding = finding("security-controls-disabled", "delete-detector");

        assertEquals("T1562.001,T1562.008,T1666", finding.productFields().get(AsffFinding.ATTACK_FIELD));
        assertNull(finding.remediation().recommendation().url());
    }

    @Test
    void aRunbookThatIsNoUrlIsLeftOutNotSentToBeRejected() throws Exception {
        AwsSecurityFinding finding = finding("s3-public-bucket", "put-bucket-acl-canned-public-read",
                policy -> new RunbookOf(policy, "see the wiki page on buckets"));

        assertNull(finding.remediation().recommendation().url());
        assertEquals("T1530", finding.productFields().get(AsffFinding.ATTACK_FIELD));
    }

    private static AwsSecurityFinding finding(String policy, String sample) throws Exception {
        return finding(policy, sample, p -> p);
    }

    /** The finding of the named policy's verdict on a sample, as Security Hub would receive it, its policy as {@code as} makes it. */
    private static AwsSecurityFinding finding(String policy, String sample, UnaryOperator<Policy> as) throws Exception {
        SampleTable table = SampleTable.get();
        ParsedEvent parsed = table.reader().read(SampleEvents.read(policy, sample).getBytes(StandardCharsets.UTF_8));
        Verdict verdict = table.registry().evaluate(parsed, PolicyRegistry.ALL).stream()
                .filter(v -> v.policy().name().equals(policy)).findFirst().orElseThrow();
        ConfiguredPolicy configured = verdict.policy();
        ConfiguredPolicy changed = new ConfiguredPolicy(as.apply(configured.policy()), configured.mode(), configured.failedCalls(),
                configured.exemptPrincipals(), configured.exemptAccounts(), configured.exemptResources(), configured.snsTopicArn());
        Verdict changedVerdict = new Verdict(changed, verdict.decision(), verdict.mode(), verdict.skipped(), verdict.attempt());
        Notice notice = new Notice(changed, verdict.decision(), verdict.mode(), parsed.event(), List.of(),
                Alert.of(changedVerdict, parsed.event(), List.of()));
        return AsffFinding.of(notice, "123456789012", "us-east-1", Instant.parse("2026-11-20T10:16:00Z"));
    }

    /** A policy as another, but for its runbook. */
    private record RunbookOf(Policy policy, String url) implements Policy {

        @Override
        public String name() {
            return policy.name();
        }

        @Override
        public String handler() {
            return policy.handler();
        }

        @Override
        public String description() {
            return policy.description();
        }

        @Override
        public String pattern() {
            return policy.pattern();
        }

        @Override
        public List<String> actions() {
            return policy.actions();
        }

        @Override
        public List<String> resourceTypes() {
            return policy.resourceTypes();
        }

        @Override
        public Mode defaultMode() {
            return policy.defaultMode();
        }

        @Override
        public Decision decide(TrailEvent event) {
            return policy.decide(event);
        }

        @Override
        public List<String> attackTechniques() {
            return policy.attackTechniques();
        }

        @Override
        public Optional<String> runbook() {
            return Optional.of(url);
        }
    }

    private static void assertResource(String type, String id, ResourceRef ref) {
        Resource resource = AsffFinding.resource(ref, "aws", "123456789012", "eu-west-1");
        assertEquals(type, resource.type());
        assertEquals(id, resource.id());
        assertEquals("aws", resource.partitionAsString());
    }
}
