package io.trailguard.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import io.trailguard.policy.ResourceRef;
import io.trailguard.policy.Severity;
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

    private static void assertResource(String type, String id, ResourceRef ref) {
        Resource resource = AsffFinding.resource(ref, "aws", "123456789012", "eu-west-1");
        assertEquals(type, resource.type());
        assertEquals(id, resource.id());
        assertEquals("aws", resource.partitionAsString());
    }
}
