package io.trailguard.policies;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.trailguard.AlertInbox;
import io.trailguard.Lambda;
import io.trailguard.MotoServer;
import io.trailguard.SampleEvents;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.TagDescription;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Tag;
import software.amazon.awssdk.services.sns.SnsClient;

/** auto-tag end to end: a resource created in moto, its creation event, then its tags: creator and time added, its own kept. */
@QuarkusTest
class AutoTagRemediationTest {

    static final String POLICY = "auto-tag";
    static final String DECISION = "decisions.find { it.policy == '" + POLICY + "' }.";
    /** Who created the resources in the sample events, and when. */
    static final String CREATOR = "arn:aws:sts::123456789012:assumed-role/ci-deployer/ci-run-4711";
    static final String CREATED_AT = "2026-11-20T10:15:29Z";
    static final Map<String, String> STAMP = Map.of("trailguard:created-by", CREATOR, "trailguard:created-at", CREATED_AT);

    @Inject
    S3Client s3;
    @Inject
    Ec2Client ec2;
    @Inject
    DynamoDbClient dynamoDb;
    @Inject
    LambdaClient lambda;
    @Inject
    RdsClient rds;
    @Inject
    IamClient iam;
    @Inject
    SnsClient sns;

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
    void bucketTagsAreMergedNotReplacedAndNothingIsAlerted() {
        s3.createBucket(b -> b.bucket("orders-archive"));
        s3.putBucketTagging(b -> b.bucket("orders-archive").tagging(t -> t.tagSet(
                Tag.builder().key("team").value("payments").build(), Tag.builder().key("cost-centre").value("42").build())));
        String event = SampleEvents.read(POLICY, "create-bucket");

        Lambda.invoke(event).statusCode(200)
                .body(DECISION + "severity", equalTo("INFO"))
                .body(DECISION + "actions.action", equalTo(List.of("s3.tag-bucket")))
                .body(DECISION + "actions.outcome", equalTo(List.of("applied")))
                .body(DECISION + "alert", equalTo("not sent: INFO is audited only"));

        Map<String, String> tags = s3.getBucketTagging(b -> b.bucket("orders-archive")).tagSet().stream()
                .collect(Collectors.toMap(Tag::key, Tag::value));
        Map<String, String> expected = new HashMap<>(STAMP);
        expected.put("team", "payments");
        expected.put("cost-centre", "42");
        assertEquals(expected, tags, "the bucket's own tags are kept");
        assertTrue(alerts.messages().isEmpty(), "auto-tag does not alert");
        Lambda.invoke(event).statusCode(200).body(DECISION + "actions.outcome", equalTo(List.of("already-compliant")));
    }

    @Test
    void instanceIsTaggedAndKeepsItsNameTag() {
        String image = ec2.describeImages(b -> b.owners("amazon")).images().get(0).imageId();
        String instance = ec2.runInstances(b -> b.imageId(image).instanceType("t3.micro").minCount(1).maxCount(1)
                .tagSpecifications(t -> t.resourceType(ResourceType.INSTANCE).tags(tag -> tag.key("Name").value("web-1"))))
                .instances().get(0).instanceId();

        Lambda.invoke(SampleEvents.read(POLICY, "run-instances-tagged-with-creator").replace("i-0a1b2c3d4e5f60789", instance))
                .statusCode(200).body(DECISION + "actions.outcome", equalTo(List.of("applied")));

        Map<String, String> expected = new HashMap<>(STAMP);
        expected.put("Name", "web-1");
        assertEquals(expected, ec2Tags(instance));
    }

    @Test
    void securityGroupAndVolumeAreTagged() {
        String vpc = ec2.describeVpcs().vpcs().get(0).vpcId();
        String group = ec2.createSecurityGroup(b -> b.groupName("web").description("web tier").vpcId(vpc)).groupId();
        String volume = ec2.createVolume(b -> b.size(8).availabilityZone("us-east-1a")).volumeId();

        Lambda.invoke(SampleEvents.read(POLICY, "create-security-group").replace("sg-0a1b2c3d4e5f60718", group)).statusCode(200)
                .body(DECISION + "actions.outcome", equalTo(List.of("applied")));
        Lambda.invoke(SampleEvents.read(POLICY, "create-volume").replace("vol-0a1b2c3d4e5f60718", volume)).statusCode(200)
                .body(DECISION + "actions.outcome", equalTo(List.of("applied")));

        assertEquals(STAMP, ec2Tags(group));
        assertEquals(STAMP, ec2Tags(volume));
    }

    @Test
    void dynamoDbTableIsTaggedAndKeepsItsTags() {
        String arn = dynamoDb.createTable(b -> b.tableName("orders").billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(AttributeDefinition.builder().attributeName("id").attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build())
                .tags(t -> t.key("team").value("payments"))).tableDescription().tableArn();

        Lambda.invoke(SampleEvents.read(POLICY, "create-table")).statusCode(200)
                .body(DECISION + "actions.outcome", equalTo(List.of("applied")));

        Map<String, String> expected = new HashMap<>(STAMP);
        expected.put("team", "payments");
        assertEquals(expected, dynamoDb.listTagsOfResource(b -> b.resourceArn(arn)).tags().stream()
                .collect(Collectors.toMap(software.amazon.awssdk.services.dynamodb.model.Tag::key,
                        software.amazon.awssdk.services.dynamodb.model.Tag::value)));
    }

    @Test
    void lambdaFunctionIsTagged() throws IOException {
        String role = iam.createRole(b -> b.roleName("lambda-exec").assumeRolePolicyDocument("""
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}"""))
                .role().arn();
        // moto creates (not invokes) a function without Docker
        byte[] code = zip();
        String arn = lambda.createFunction(b -> b.functionName("process-orders").runtime(Runtime.PYTHON3_12).role(role)
                .handler("app.handler").code(c -> c.zipFile(SdkBytes.fromByteArray(code)))
                .tags(Map.of("team", "payments"))).functionArn();

        Lambda.invoke(SampleEvents.read(POLICY, "create-function")).statusCode(200)
                .body(DECISION + "actions.outcome", equalTo(List.of("applied")));

        Map<String, String> expected = new HashMap<>(STAMP);
        expected.put("team", "payments");
        assertEquals(expected, lambda.listTags(b -> b.resource(arn)).tags());
    }

    @Test
    void rdsInstanceIsTagged() {
        String arn = rds.createDBInstance(b -> b.dbInstanceIdentifier("orders-db").dbInstanceClass("db.t3.micro").engine("postgres")
                .masterUsername("dbadmin").masterUserPassword("not-a-real-secret-1").allocatedStorage(20)
                .tags(t -> t.key("team").value("payments"))).dbInstance().dbInstanceArn();

        Lambda.invoke(SampleEvents.read(POLICY, "create-db-instance")).statusCode(200)
                .body(DECISION + "actions.outcome", equalTo(List.of("applied")));

        Map<String, String> expected = new HashMap<>(STAMP);
        expected.put("team", "payments");
        assertEquals(expected, rds.listTagsForResource(b -> b.resourceName(arn)).tagList().stream()
                .collect(Collectors.toMap(software.amazon.awssdk.services.rds.model.Tag::key, software.amazon.awssdk.services.rds.model.Tag::value)));
    }

    private Map<String, String> ec2Tags(String resource) {
        return ec2.describeTags(b -> b.filters(Filter.builder().name("resource-id").values(resource).build())).tags().stream()
                .collect(Collectors.toMap(TagDescription::key, TagDescription::value));
    }

    private static byte[] zip() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("app.py"));
            zip.write("def handler(event, context):\n    return event\n".getBytes());
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }
}
