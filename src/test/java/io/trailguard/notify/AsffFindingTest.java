package io.trailguard.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;

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
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.trailguard.SampleEvents;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.protocol.MarshallingType;
import software.amazon.awssdk.core.traits.ListTrait;
import software.amazon.awssdk.core.traits.MapTrait;
import software.amazon.awssdk.services.securityhub.model.AwsSecurityFinding;
import software.amazon.awssdk.services.securityhub.model.RecordState;
import software.amazon.awssdk.services.securityhub.model.SeverityLabel;

/**
 * ASFF resources carry the type Security Hub knows and an ARN; severities map onto Security Hub's labels. The finding
 * is JSON written by hand (the function has no Security Hub client): every name in it must be a member of the SDK's
 * ASFF model at that place, of that member's kind, and its enums values Security Hub knows.
 */
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
        assertEquals(SeverityLabel.INFORMATIONAL.toString(), AsffFinding.label(Severity.INFO));
        assertEquals(SeverityLabel.MEDIUM.toString(), AsffFinding.label(Severity.MEDIUM));
        assertEquals(SeverityLabel.CRITICAL.toString(), AsffFinding.label(Severity.CRITICAL));
        for (Severity severity : Severity.values()) {
            assertNotEquals(SeverityLabel.UNKNOWN_TO_SDK_VERSION, SeverityLabel.fromValue(AsffFinding.label(severity)), severity.name());
        }
    }

    @Test
    void productArnOfTheDefaultCustomIntegration() {
        assertEquals("arn:aws:securityhub:eu-west-1:111122223333:product/111122223333/default",
                AsffFinding.productArn("aws", "eu-west-1", "111122223333"));
    }

    @Test
    void attackTechniquesAreAProductFieldAndTheRunbookTheRecommendationUrl() throws Exception {
        ObjectNode finding = finding("s3-public-bucket", "put-bucket-acl-canned-public-read");

        assertEquals("T1530", finding.path("ProductFields").path(AsffFinding.ATTACK_FIELD).asText());
        assertEquals("https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html",
                finding.path("Remediation").path("Recommendation").path("Url").asText());
        assertFalse(finding.path("Remediation").path("Recommendation").path("Text").asText().isBlank(), "the text stays beside the URL");
    }

    @Test
    void severalTechniquesAreCommaSeparatedAndNoRunbookLeavesTheUrlOut() throws Exception {
        ObjectNode finding = finding("security-controls-disabled", "delete-detector");

        assertEquals("T1562.001,T1562.008,T1666", finding.path("ProductFields").path(AsffFinding.ATTACK_FIELD).asText());
        assertFalse(finding.path("Remediation").path("Recommendation").has("Url"));
    }

    @Test
    void aRunbookThatIsNoUrlIsLeftOutNotSentToBeRejected() throws Exception {
        ObjectNode finding = finding("s3-public-bucket", "put-bucket-acl-canned-public-read",
                policy -> new RunbookOf(policy, "see the wiki page on buckets"));

        assertFalse(finding.path("Remediation").path("Recommendation").has("Url"));
        assertEquals("T1530", finding.path("ProductFields").path(AsffFinding.ATTACK_FIELD).asText());
    }

    @Test
    void everyFindingOfTheSamplesIsOfTheSdkModelsShape() throws Exception {
        int checked = 0;
        for (String[] sample : new String[][] {{"s3-public-bucket", "put-bucket-acl-canned-public-read"},
                {"security-controls-disabled", "delete-detector"}, {"root-api-call", "root-create-bucket"}, {"network-exposed", "authorize-https-and-ssh-world-and-ssh-private"},
                {"iam-new-credentials", "create-access-key-for-user"}}) {
            ObjectNode finding = finding(sample[0], sample[1]);
            assertShape(finding, AwsSecurityFinding.builder().sdkFields(), "finding of " + sample[0]);
            assertNotEquals(RecordState.UNKNOWN_TO_SDK_VERSION, RecordState.fromValue(finding.path("RecordState").asText()));
            assertTrue(finding.path("Action").path("AwsApiCallAction").has("Api"), "the call is the finding's action");
            checked++;
        }
        assertEquals(5, checked);
    }

    @Test
    void theShapeCheckRefusesANameTheModelDoesNotHave() throws Exception {
        ObjectNode finding = finding("s3-public-bucket", "put-bucket-acl-canned-public-read");
        finding.withObject("Severity").put("Level", "HIGH");
        AssertionError refused = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
                () -> assertShape(finding, AwsSecurityFinding.builder().sdkFields(), "finding"));
        assertTrue(refused.getMessage().contains("finding.Severity.Level"), refused.getMessage());
    }

    /** Each name of {@code node} a member of {@code fields} (by its JSON name), each value of its member's kind. */
    private static void assertShape(JsonNode node, List<SdkField<?>> fields, String at) {
        assertTrue(node.isObject(), at + " is an object");
        node.fieldNames().forEachRemaining(name -> {
            SdkField<?> field = fields.stream().filter(f -> f.locationName().equals(name)).findFirst().orElse(null);
            assertNotNull(field, at + "." + name + " is no member of the ASFF model");
            assertValue(node.get(name), field, at + "." + name);
        });
    }

    private static void assertValue(JsonNode value, SdkField<?> field, String at) {
        MarshallingType<?> type = field.marshallingType();
        if (type == MarshallingType.STRING) {
            assertTrue(value.isTextual(), at + " is a string");
        } else if (type == MarshallingType.INTEGER || type == MarshallingType.LONG || type == MarshallingType.DOUBLE) {
            assertTrue(value.isNumber(), at + " is a number");
        } else if (type == MarshallingType.BOOLEAN) {
            assertTrue(value.isBoolean(), at + " is a boolean");
        } else if (type == MarshallingType.LIST) {
            assertTrue(value.isArray(), at + " is a list");
            SdkField<?> member = field.getTrait(ListTrait.class).memberFieldInfo();
            value.forEach(item -> assertValue(item, member, at + "[]"));
        } else if (type == MarshallingType.MAP) {
            assertTrue(value.isObject(), at + " is a map");
            SdkField<?> member = field.getTrait(MapTrait.class).valueFieldInfo();
            value.fields().forEachRemaining(e -> assertValue(e.getValue(), member, at + "." + e.getKey()));
        } else if (type == MarshallingType.SDK_POJO) {
            assertShape(value, ((SdkPojo) field.constructor().get()).sdkFields(), at);
        } else {
            throw new AssertionError(at + ": no check for the model's " + type);
        }
    }

    private static ObjectNode finding(String policy, String sample) throws Exception {
        return finding(policy, sample, p -> p);
    }

    /** The finding of the named policy's verdict on a sample, as Security Hub would receive it, its policy as {@code as} makes it. */
    private static ObjectNode finding(String policy, String sample, UnaryOperator<Policy> as) throws Exception {
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
        ObjectNode resource = AsffFinding.resource(ref, "aws", "123456789012", "eu-west-1");
        assertEquals(type, resource.path("Type").asText());
        assertEquals(id, resource.path("Id").asText());
        assertEquals("aws", resource.path("Partition").asText());
    }
}
