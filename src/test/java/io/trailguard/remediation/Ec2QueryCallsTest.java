package io.trailguard.remediation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.jboss.logging.MDC;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpExchange;

import io.trailguard.policy.ActionSpec;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.CreateTagsRequest;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.LaunchPermission;
import software.amazon.awssdk.services.ec2.model.OperationType;
import software.amazon.awssdk.services.ec2.model.PermissionGroup;
import software.amazon.awssdk.services.ec2.model.SnapshotAttributeName;
import software.amazon.awssdk.services.ec2.model.StopInstancesRequest;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * EC2's query API as the executors sign it ({@link SignedQueryCall#ec2}), without moto: the executors' calls and the
 * SDK's own EC2 client talk to one recording server answering as EC2 does, and each change must be the request the
 * SDK's client sends (form and signature scope: EC2 flattens a list as {@code Name.1} with no {@code member}), its
 * answers read as EC2 writes them ({@code <item>}s nested in {@code <item>}s, paged by {@code nextToken}), its errors
 * thrown with their code. The executors' behaviour against the emulator is in the EC2 policies' remediation tests.
 */
class Ec2QueryCallsTest {

    static final StaticCredentialsProvider TESTING = StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
    static final String GROUP = "sg-0a1b2c3d4e5f60718";

    record Request(Map<String, String> form, String scope) {
    }

    final List<Request> requests = new ArrayList<>();
    Function<Map<String, String>, String[]> answers = form -> new String[] {"200", empty(form.get("Action"))};
    RecordingServer server;
    Ec2Client sdk;
    /** The executors' {@code close}, after the test. */
    final List<Runnable> closes = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        MDC.clear(); // no handler or policy context left by an earlier test on this thread
        server = RecordingServer.start(this::answer);
        sdk = Ec2Client.builder().region(Region.EU_WEST_1).endpointOverride(server.endpoint()).credentialsProvider(TESTING)
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    @AfterEach
    void stop() {
        closes.forEach(Runnable::run);
        sdk.close();
        server.close();
    }

    @Test
    void theOffendingIngressRulesOfEveryPageAreRevokedWithTheRequestTheSdkSends() {
        RevokeSecurityGroupIngress revoke = new RevokeSecurityGroupIngress(server.clientConfig("eu-west-1"), TESTING);
        closes.add(revoke::close);
        answers = form -> new String[] {"200", form.get("Action").equals("DescribeSecurityGroupRules")
                ? rules(form.containsKey("NextToken") ? null : "page&2", form.containsKey("NextToken")
                        ? rule("sgr-0000000000000000b", false, "tcp", 22, "0.0.0.0/0") + rule("sgr-0000000000000000c", true, "-1", -1, "0.0.0.0/0")
                        : rule("sgr-0000000000000000a", false, "tcp", 443, "0.0.0.0/0"))
                : empty(form.get("Action"))};
        var spec = RevokeSecurityGroupIngress.spec(GROUP, List.of(), List.of(new OpenIngress("tcp", 22, 22, "0.0.0.0/0")));
        assertTrue(revoke.needed(spec), "the rule is on the second page");
        assertEquals(2, requests.size());
        assertEquals("page&2", requests.get(1).form().get("NextToken"), "the next page asked for with the first one's token");
        assertEquals(2, sdk.describeSecurityGroupRulesPaginator(b -> b.filters(Filter.builder().name("group-id").values(GROUP).build()))
                .securityGroupRules().stream().filter(r -> !r.isEgress()).count());
        assertEquals(requests.subList(2, 4), requests.subList(0, 2), "both pages asked for as the SDK's paginator asks");

        requests.clear();
        revoke.apply(spec);
        sdk.revokeSecurityGroupIngress(b -> b.groupId(GROUP).securityGroupRuleIds("sgr-0000000000000000b"));
        assertEquals(requests.get(3).form(), requests.get(2).form(), "RevokeSecurityGroupIngress as the SDK sends it");
        assertEquals("sgr-0000000000000000b", requests.get(2).form().get("SecurityGroupRuleId.1"), "only the exact rule");
        assertEquals(requests.get(3).scope(), requests.get(2).scope());
        assertEquals("/eu-west-1/ec2/aws4_request", requests.get(2).scope());

        assertFalse(revoke.needed(RevokeSecurityGroupIngress.spec(GROUP, List.of(), List.of(new OpenIngress("-1", -1, -1, "0.0.0.0/0")))),
                "the all-traffic rule is an egress rule");
    }

    @Test
    void egressRulesAreRevokedByTheirIdsWithTheRequestTheSdkSends() {
        RevokeSecurityGroupEgress revoke = new RevokeSecurityGroupEgress(server.clientConfig("eu-west-1"), TESTING);
        closes.add(revoke::close);
        answers = form -> new String[] {"200", form.get("Action").equals("DescribeSecurityGroupRules")
                ? rules(null, rule("sgr-0000000000000000a", false, "tcp", 22, "0.0.0.0/0") + rule("sgr-0000000000000000c", true, "-1", -1, "0.0.0.0/0")
                        + rule("sgr-0000000000000000d", true, "tcp", 443, "::/0"))
                : empty(form.get("Action"))};
        revoke.apply(RevokeSecurityGroupEgress.spec(GROUP, List.of("sgr-0000000000000000a", "sgr-0000000000000000c", "sgr-0000000000000000d"),
                List.of()));
        sdk.describeSecurityGroupRules(b -> b.filters(Filter.builder().name("group-id").values(GROUP).build()));
        sdk.revokeSecurityGroupEgress(b -> b.groupId(GROUP).securityGroupRuleIds("sgr-0000000000000000c", "sgr-0000000000000000d"));
        assertEquals(requests.get(2).form(), requests.get(0).form(), "DescribeSecurityGroupRules as the SDK sends it");
        assertEquals(requests.get(3).form(), requests.get(1).form(), "RevokeSecurityGroupEgress as the SDK sends it: the live egress rules");
    }

    @Test
    void anImportedKeyPairIsDeletedByNameWithTheRequestTheSdkSends() {
        DeleteKeyPair delete = new DeleteKeyPair(server.clientConfig("eu-west-1"), TESTING);
        closes.add(delete::close);
        answers = form -> new String[] {"200", form.get("Action").equals("DescribeKeyPairs")
                ? "<DescribeKeyPairsResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"><requestId>r-1</requestId><keySet>"
                        + "<item><keyPairId>key-0123456789abcdef0</keyPairId><keyFingerprint>1f:51:ae</keyFingerprint>"
                        + "<keyName>ops &amp; laptop</keyName><keyType>ed25519</keyType><tagSet><item><key>keyName</key><value>other</value></item>"
                        + "</tagSet><createTime>2026-12-01T10:00:00.000Z</createTime></item></keySet></DescribeKeyPairsResponse>"
                : empty(form.get("Action"))};
        assertFalse(delete.needed(DeleteKeyPair.spec("ops & laptop", "key-0fedcba9876543210")), "another key of that name since");
        delete.apply(DeleteKeyPair.spec("ops & laptop", "key-0123456789abcdef0"));
        sdk.describeKeyPairs(b -> b.filters(Filter.builder().name("key-name").values("ops & laptop").build()));
        sdk.deleteKeyPair(b -> b.keyName("ops & laptop"));
        assertEquals(requests.get(3).form(), requests.get(0).form(), "DescribeKeyPairs as the SDK sends it");
        assertEquals(requests.get(4).form(), requests.get(2).form(), "DeleteKeyPair as the SDK sends it");
    }

    @Test
    void anInboundAclEntryIsDeletedWithTheRequestTheSdkSends() {
        DeleteNetworkAclEntry delete = new DeleteNetworkAclEntry(server.clientConfig("eu-west-1"), TESTING);
        closes.add(delete::close);
        answers = form -> new String[] {"200", form.get("Action").equals("DescribeNetworkAcls")
                ? "<DescribeNetworkAclsResponse><requestId>r-1</requestId><networkAclSet>"
                        + acl("acl-0000000000000000a", entry(100, false, "allow", "10.0.0.0/8"))
                        + acl("acl-0000000000000000b", entry(100, true, "allow", "0.0.0.0/0") + entry(100, false, "allow", "0.0.0.0/0")
                                + entry(110, false, "deny", "0.0.0.0/0") + entry(32767, false, "deny", "0.0.0.0/0"))
                        + "</networkAclSet></DescribeNetworkAclsResponse>"
                : empty(form.get("Action"))};
        assertTrue(delete.needed(DeleteNetworkAclEntry.spec("acl-0000000000000000b", "100", "198.51.100.7/0")), "the world, however logged");
        assertFalse(delete.needed(DeleteNetworkAclEntry.spec("acl-0000000000000000a", "100", "0.0.0.0/0")), "another ACL's narrower entry");
        assertFalse(delete.needed(DeleteNetworkAclEntry.spec("acl-0000000000000000b", "110", "0.0.0.0/0")), "a deny entry");
        requests.clear();
        delete.apply(DeleteNetworkAclEntry.spec("acl-0000000000000000b", "100", "0.0.0.0/0"));
        sdk.describeNetworkAclsPaginator().networkAcls().forEach(acl -> { });
        sdk.deleteNetworkAclEntry(b -> b.networkAclId("acl-0000000000000000b").ruleNumber(100).egress(false));
        assertEquals(requests.get(2).form(), requests.get(0).form(), "DescribeNetworkAcls as the SDK's paginator asks");
        assertEquals(requests.get(3).form(), requests.get(1).form(), "DeleteNetworkAclEntry as the SDK sends it");
    }

    @Test
    void aPeeringConnectionIsDeletedWhileOpenAndOneNotFoundIsNothingToDo() {
        DeleteVpcPeeringConnection delete = new DeleteVpcPeeringConnection(server.clientConfig("eu-west-1"), TESTING);
        closes.add(delete::close);
        String[] state = {"active"};
        answers = form -> new String[] {"200", form.get("Action").equals("DescribeVpcPeeringConnections")
                ? "<DescribeVpcPeeringConnectionsResponse><requestId>r-1</requestId><vpcPeeringConnectionSet><item>"
                        + "<accepterVpcInfo><cidrBlock>10.1.0.0/16</cidrBlock><cidrBlockSet><item><cidrBlock>10.1.0.0/16</cidrBlock></item>"
                        + "</cidrBlockSet><ownerId>444455556666</ownerId><vpcId>vpc-0000000000000000b</vpcId></accepterVpcInfo>"
                        + "<requesterVpcInfo><ownerId>123456789012</ownerId><vpcId>vpc-0000000000000000a</vpcId></requesterVpcInfo>"
                        + "<status><code>" + state[0] + "</code><message>" + state[0] + "</message></status><tagSet/>"
                        + "<vpcPeeringConnectionId>pcx-0123456789abcdef0</vpcPeeringConnectionId></item></vpcPeeringConnectionSet>"
                        + "</DescribeVpcPeeringConnectionsResponse>"
                : empty(form.get("Action"))};
        ActionSpec spec = ActionSpec.of(DeleteVpcPeeringConnection.NAME, "connection-id", "pcx-0123456789abcdef0");
        delete.apply(spec);
        sdk.describeVpcPeeringConnections(b -> b.vpcPeeringConnectionIds("pcx-0123456789abcdef0"));
        sdk.deleteVpcPeeringConnection(b -> b.vpcPeeringConnectionId("pcx-0123456789abcdef0"));
        assertEquals(requests.get(2).form(), requests.get(0).form(), "DescribeVpcPeeringConnections as the SDK sends it");
        assertEquals(requests.get(3).form(), requests.get(1).form(), "DeleteVpcPeeringConnection as the SDK sends it");

        state[0] = "deleted";
        assertFalse(delete.needed(spec));
        answers = form -> new String[] {"400", error("InvalidVpcPeeringConnectionID.NotFound", "The vpcPeeringConnection ID 'pcx-0123456789abcdef0' does not exist")};
        assertFalse(delete.needed(spec), "long gone");
        answers = form -> new String[] {"403", error("UnauthorizedOperation", "You are not authorized to perform this operation.")};
        AwsServiceException denied = assertThrows(AwsServiceException.class, () -> delete.needed(spec));
        assertEquals("UnauthorizedOperation", denied.awsErrorDetails().errorCode());
        assertEquals(403, denied.statusCode());
        assertEquals("req-1", denied.requestId(), "EC2's RequestID");
    }

    @Test
    void anImagesPublicAndAccountSharesAreRemovedWithTheRequestTheSdkSends() {
        RemoveImageShare unshare = new RemoveImageShare(server.clientConfig("eu-west-1"), TESTING);
        closes.add(unshare::close);
        answers = form -> new String[] {"200", form.get("Action").equals("DescribeImageAttribute")
                ? "<DescribeImageAttributeResponse><requestId>r-1</requestId><imageId>ami-0123456789abcdef0</imageId><launchPermission>"
                        + "<item><userId>444455556666</userId></item></launchPermission></DescribeImageAttributeResponse>"
                : empty(form.get("Action"))};
        assertTrue(unshare.needed(RemoveImageShare.spec("ami-0123456789abcdef0", true, List.of("444455556666"))));
        assertFalse(unshare.needed(RemoveImageShare.spec("ami-0123456789abcdef0", true, List.of())), "not public");
        unshare.apply(RemoveImageShare.spec("ami-0123456789abcdef0", true, List.of("444455556666", "777788889999")));
        sdk.describeImageAttribute(b -> b.imageId("ami-0123456789abcdef0").attribute("launchPermission"));
        sdk.modifyImageAttribute(b -> b.imageId("ami-0123456789abcdef0").launchPermission(p -> p.remove(
                LaunchPermission.builder().group(PermissionGroup.ALL).build(), LaunchPermission.builder().userId("444455556666").build(),
                LaunchPermission.builder().userId("777788889999").build())));
        assertEquals(requests.get(3).form(), requests.get(0).form(), "DescribeImageAttribute as the SDK sends it");
        assertEquals(requests.get(4).form(), requests.get(2).form(), "ModifyImageAttribute as the SDK sends it");
    }

    @Test
    void aSnapshotsPublicAndAccountSharesAreRemovedWithTheRequestTheSdkSends() {
        RemoveSnapshotShare unshare = new RemoveSnapshotShare(server.clientConfig("eu-west-1"), TESTING);
        closes.add(unshare::close);
        answers = form -> new String[] {"200", form.get("Action").equals("DescribeSnapshotAttribute")
                ? "<DescribeSnapshotAttributeResponse><requestId>r-1</requestId><snapshotId>snap-0123456789abcdef0</snapshotId>"
                        + "<createVolumePermission><item><group>all</group></item></createVolumePermission></DescribeSnapshotAttributeResponse>"
                : empty(form.get("Action"))};
        assertTrue(unshare.needed(RemoveSnapshotShare.spec("snap-0123456789abcdef0", true, List.of())));
        assertFalse(unshare.needed(RemoveSnapshotShare.spec("snap-0123456789abcdef0", false, List.of("444455556666"))), "not that account");
        unshare.apply(RemoveSnapshotShare.spec("snap-0123456789abcdef0", true, List.of("444455556666", "777788889999")));
        unshare.apply(RemoveSnapshotShare.spec("snap-0123456789abcdef0", false, List.of("444455556666")));
        sdk.describeSnapshotAttribute(b -> b.snapshotId("snap-0123456789abcdef0").attribute(SnapshotAttributeName.CREATE_VOLUME_PERMISSION));
        sdk.modifySnapshotAttribute(b -> b.snapshotId("snap-0123456789abcdef0").attribute(SnapshotAttributeName.CREATE_VOLUME_PERMISSION)
                .operationType(OperationType.REMOVE).groupNames("all").userIds("444455556666", "777788889999"));
        sdk.modifySnapshotAttribute(b -> b.snapshotId("snap-0123456789abcdef0").attribute(SnapshotAttributeName.CREATE_VOLUME_PERMISSION)
                .operationType(OperationType.REMOVE).userIds("444455556666"));
        assertEquals(requests.get(4).form(), requests.get(0).form(), "DescribeSnapshotAttribute as the SDK sends it");
        assertEquals(requests.get(5).form(), requests.get(2).form(), "ModifySnapshotAttribute as the SDK sends it: everyone and two accounts");
        assertEquals(requests.get(6).form(), requests.get(3).form(), "and one account alone");
    }

    @Test
    void anActiveExportIsCancelledWithTheRequestTheSdkSends() {
        CancelEc2ExportTask cancel = new CancelEc2ExportTask(server.clientConfig("eu-west-1"), TESTING);
        closes.add(cancel::close);
        answers = form -> new String[] {"200", switch (form.get("Action")) {
            case "DescribeExportTasks" -> "<DescribeExportTasksResponse><requestId>r-1</requestId><exportTaskSet><item>"
                    + "<exportTaskId>export-i-0123456789abcdef0</exportTaskId><description>x</description><state>active</state>"
                    + "<instanceExport><instanceId>i-0123456789abcdef0</instanceId><targetEnvironment>vmware</targetEnvironment></instanceExport>"
                    + "<exportToS3><s3Bucket>b</s3Bucket></exportToS3><tagSet/></item></exportTaskSet></DescribeExportTasksResponse>";
            case "DescribeExportImageTasks" -> "<DescribeExportImageTasksResponse><requestId>r-1</requestId><exportImageTaskSet><item>"
                    + "<exportImageTaskId>export-ami-0123456789abcdef0</exportImageTaskId><status>completed</status><tagSet/></item>"
                    + "</exportImageTaskSet></DescribeExportImageTasksResponse>";
            default -> empty(form.get("Action"));
        }};
        assertTrue(cancel.needed(CancelEc2ExportTask.spec("export-i-0123456789abcdef0")));
        assertFalse(cancel.needed(CancelEc2ExportTask.spec("export-ami-0123456789abcdef0")), "complete");
        cancel.apply(CancelEc2ExportTask.spec("export-i-0123456789abcdef0"));
        sdk.describeExportTasks(b -> b.exportTaskIds("export-i-0123456789abcdef0"));
        sdk.describeExportImageTasks(b -> b.exportImageTaskIds("export-ami-0123456789abcdef0"));
        sdk.cancelExportTask(b -> b.exportTaskId("export-i-0123456789abcdef0"));
        assertEquals(requests.get(3).form(), requests.get(0).form(), "DescribeExportTasks as the SDK sends it");
        assertEquals(requests.get(4).form(), requests.get(1).form(), "DescribeExportImageTasks as the SDK sends it");
        assertEquals(requests.get(5).form(), requests.get(2).form(), "CancelExportTask as the SDK sends it");
    }

    @Test
    void onlyPendingAndRunningInstancesAreStoppedWithTheRequestTheSdkSends() {
        StopInstances stop = new StopInstances(server.clientConfig("eu-west-1"), TESTING);
        closes.add(stop::close);
        answers = form -> new String[] {"200", form.get("Action").equals("DescribeInstances")
                ? "<DescribeInstancesResponse><requestId>r-1</requestId><reservationSet>"
                        + "<item><reservationId>r-0000000000000000a</reservationId><ownerId>123456789012</ownerId><groupSet/><instancesSet>"
                        + instance("i-0000000000000000a", "running") + instance("i-0000000000000000b", "stopped") + "</instancesSet></item>"
                        + "<item><reservationId>r-0000000000000000b</reservationId><groupSet><item><groupId>" + GROUP + "</groupId></item></groupSet>"
                        + "<instancesSet>" + instance("i-0000000000000000c", "pending") + "</instancesSet></item>"
                        + "</reservationSet></DescribeInstancesResponse>"
                : empty(form.get("Action"))};
        List<String> ids = List.of("i-0000000000000000a", "i-0000000000000000b", "i-0000000000000000c");
        stop.apply(StopInstances.spec(ids));
        sdk.describeInstances(b -> b.instanceIds(ids));
        sdk.stopInstances(b -> b.instanceIds("i-0000000000000000a", "i-0000000000000000c"));
        assertEquals(requests.get(2).form(), requests.get(0).form(), "DescribeInstances as the SDK sends it");
        assertEquals(requests.get(3).form(), requests.get(1).form(), "StopInstances as the SDK sends it: the running and the pending one");
    }

    @Test
    void tagsAreReadOverEveryPageAndAddedAsTheSdkSendsThem() {
        TagEc2Resources tag = new TagEc2Resources(server.clientConfig("eu-west-1"), TESTING);
        closes.add(tag::close);
        answers = form -> new String[] {"200", form.get("Action").equals("DescribeTags")
                ? "<DescribeTagsResponse><requestId>r-1</requestId><tagSet>" + (form.containsKey("NextToken")
                        ? tag("vol-0000000000000000b", "owner", "a&amp;b &lt;team&gt;") + "</tagSet>"
                        : tag("i-0000000000000000a", "owner", "a&amp;b &lt;team&gt;") + tag("i-0000000000000000a", "empty", "")
                                + "</tagSet><nextToken>t2</nextToken>")
                        + "</DescribeTagsResponse>"
                : empty(form.get("Action"))};
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("owner", "a&b <team>");
        tags.put("empty", "");
        assertTrue(tag.needed(TagEc2Resources.spec(List.of("i-0000000000000000a", "vol-0000000000000000b"), tags)), "the volume has one");
        assertFalse(tag.needed(TagEc2Resources.spec(List.of("i-0000000000000000a", "vol-0000000000000000b"), Map.of("owner", "a&b <team>"))),
                "on the second page, its escapes decoded");
        assertEquals(4, requests.size());
        tags.put("cost-center", "42 / x=y");
        tag.apply(TagEc2Resources.spec(List.of("i-0000000000000000a", "vol-0000000000000000b"), tags));
        sdk.describeTagsPaginator(b -> b.filters(Filter.builder().name("resource-id").values("i-0000000000000000a", "vol-0000000000000000b").build()))
                .tags().forEach(t -> { });
        sdk.createTags(b -> b.resources("i-0000000000000000a", "vol-0000000000000000b").tags(Tag.builder().key("owner").value("a&b <team>").build(),
                Tag.builder().key("empty").value("").build(), Tag.builder().key("cost-center").value("42 / x=y").build()));
        assertEquals(Map.of("Action", "DescribeTags", "Version", "2016-11-15", "Filter.1.Name", "resource-id",
                "Filter.1.Value.1", "i-0000000000000000a", "Filter.1.Value.2", "vol-0000000000000000b"), requests.get(0).form());
        assertEquals("t2", requests.get(1).form().get("NextToken"), "the next page asked for with the first one's token");
        assertEquals(requests.subList(5, 7), requests.subList(0, 2), "both pages asked for as the SDK's paginator asks");
        assertEquals(requests.get(7).form(), requests.get(4).form(), "CreateTags as the SDK sends it");
    }

    @Test
    void encryptionByDefaultIsTurnedOnInTheFunctionsRegionOnly() {
        EnableEbsEncryptionByDefault enable = new EnableEbsEncryptionByDefault(server.clientConfig("eu-west-1"), TESTING);
        closes.add(enable::close);
        String[] on = {"false"};
        answers = form -> new String[] {"200", form.get("Action").equals("GetEbsEncryptionByDefault")
                ? "<GetEbsEncryptionByDefaultResponse><requestId>r-1</requestId><ebsEncryptionByDefault>" + on[0]
                        + "</ebsEncryptionByDefault><sseType>sse-ebs</sseType></GetEbsEncryptionByDefaultResponse>"
                : empty(form.get("Action"))};
        assertTrue(enable.needed(EnableEbsEncryptionByDefault.spec("eu-west-1")));
        enable.apply(EnableEbsEncryptionByDefault.spec("eu-west-1"));
        sdk.getEbsEncryptionByDefault(b -> { });
        sdk.enableEbsEncryptionByDefault(b -> { });
        assertEquals(requests.get(2).form(), requests.get(0).form(), "GetEbsEncryptionByDefault as the SDK sends it");
        assertEquals(requests.get(3).form(), requests.get(1).form(), "EnableEbsEncryptionByDefault as the SDK sends it");
        on[0] = "true";
        assertFalse(enable.needed(EnableEbsEncryptionByDefault.spec("eu-west-1")));
        IllegalStateException elsewhere = assertThrows(IllegalStateException.class, () -> enable.needed(EnableEbsEncryptionByDefault.spec("us-east-1")));
        assertTrue(elsewhere.getMessage().endsWith("this function acts in eu-west-1"), elsewhere.getMessage());
    }

    @Test
    void theCallLogNamesTheInstancesAndResourcesOfTheQueryFormAsOfTheSdksRequest() {
        Map<String, String> stop = Map.of("InstanceId.1", "i-0000000000000000a", "InstanceId.2", "i-0000000000000000b");
        assertEquals(IamCalls.resources("ec2:StopInstances", StopInstancesRequest.builder().instanceIds("i-0000000000000000a", "i-0000000000000000b")
                .build(), "eu-west-1", "123456789012"), IamCalls.resources("ec2:StopInstances", stop::get, "eu-west-1", "123456789012"));
        Map<String, String> tag = Map.of("ResourceId.1", "vol-0000000000000000b", "ResourceId.2", GROUP, "Tag.1.Key", "owner", "Tag.1.Value", "x");
        List<String> arns = IamCalls.resources("ec2:CreateTags", tag::get, "eu-west-1", "123456789012");
        assertEquals(IamCalls.resources("ec2:CreateTags", CreateTagsRequest.builder().resources("vol-0000000000000000b", GROUP)
                .tags(Tag.builder().key("owner").value("x").build()).build(), "eu-west-1", "123456789012"), arns);
        assertEquals(List.of("arn:aws:ec2:eu-west-1:123456789012:volume/vol-0000000000000000b",
                "arn:aws:ec2:eu-west-1:123456789012:security-group/" + GROUP), arns);
    }

    @Test
    void nestedItemsAreSplitAtTheirOwnClosingTag() {
        String xml = "<DescribeInstancesResponse><requestId>r-1</requestId><reservationSet>"
                + "<item><reservationId>r-a</reservationId><groupSet/><instancesSet>"
                + "<item><instanceId>i-a</instanceId><tagSet><item><key>Name</key><value>web</value></item><item><key>x</key><value/></item></tagSet>"
                + "<networkInterfaceSet><item><groupSet><item><groupId>sg-1</groupId></item></groupSet></item></networkInterfaceSet></item>"
                + "<item><instanceId>i-b</instanceId><tagSet/></item></instancesSet></item>"
                + "<item/><item><reservationId>r-c</reservationId><instancesSet/></item></reservationSet><nextToken>n</nextToken>"
                + "</DescribeInstancesResponse>";
        List<String> reservations = SignedQueryCall.items(xml, "reservationSet");
        assertEquals(3, reservations.size(), reservations.toString());
        assertEquals("", reservations.get(1), "an empty item");
        List<String> instances = SignedQueryCall.items(reservations.get(0), "instancesSet");
        assertEquals(List.of("i-a", "i-b"), instances.stream().map(i -> SignedQueryCall.text(i, "instanceId")).toList());
        assertTrue(instances.get(0).endsWith("</networkInterfaceSet>"), "the whole first instance: " + instances.get(0));
        assertEquals(2, SignedQueryCall.items(instances.get(0), "tagSet").size());
        assertEquals(List.of(), SignedQueryCall.items(instances.get(1), "tagSet"), "a self-closing list is empty");
        assertEquals(List.of(), SignedQueryCall.items(reservations.get(2), "instancesSet"));
        assertEquals(List.of(), SignedQueryCall.items(xml, "securityGroupRuleSet"), "a missing list");
        assertEquals("<item><groupId>sg-1</groupId></item>", SignedQueryCall.element(instances.get(0), "groupSet"));
        assertEquals("", SignedQueryCall.element(instances.get(1), "tagSet"));
        assertNull(SignedQueryCall.element(instances.get(1), "instanceState"));
    }

    private static String rules(String nextToken, String items) {
        return "<DescribeSecurityGroupRulesResponse><requestId>r-1</requestId><securityGroupRuleSet>" + items + "</securityGroupRuleSet>"
                + (nextToken != null ? "<nextToken>" + nextToken.replace("&", "&amp;") + "</nextToken>" : "") + "</DescribeSecurityGroupRulesResponse>";
    }

    private static String rule(String id, boolean egress, String protocol, int port, String cidr) {
        return "<item><securityGroupRuleId>" + id + "</securityGroupRuleId><groupId>" + GROUP + "</groupId><groupOwnerId>123456789012</groupOwnerId>"
                + "<isEgress>" + egress + "</isEgress><ipProtocol>" + protocol + "</ipProtocol><fromPort>" + port + "</fromPort><toPort>" + port
                + "</toPort>" + (cidr.contains(":") ? "<cidrIpv6>" : "<cidrIpv4>") + cidr + (cidr.contains(":") ? "</cidrIpv6>" : "</cidrIpv4>")
                + "<tagSet><item><key>Name</key><value>rule</value></item></tagSet></item>";
    }

    private static String acl(String id, String entries) {
        return "<item><networkAclId>" + id + "</networkAclId><vpcId>vpc-0000000000000000a</vpcId><default>false</default><entrySet>" + entries
                + "</entrySet><associationSet><item><networkAclAssociationId>aclassoc-1</networkAclAssociationId><networkAclId>" + id
                + "</networkAclId><subnetId>subnet-1</subnetId></item></associationSet><tagSet/><ownerId>123456789012</ownerId></item>";
    }

    private static String entry(int number, boolean egress, String action, String cidr) {
        return "<item><ruleNumber>" + number + "</ruleNumber><protocol>-1</protocol><ruleAction>" + action + "</ruleAction><egress>" + egress
                + "</egress><cidrBlock>" + cidr + "</cidrBlock></item>";
    }

    private static String instance(String id, String state) {
        return "<item><instanceId>" + id + "</instanceId><imageId>ami-0123456789abcdef0</imageId><instanceState><code>16</code><name>" + state
                + "</name></instanceState><tagSet><item><key>Name</key><value>running</value></item></tagSet><networkInterfaceSet><item>"
                + "<attachment><status>attached</status></attachment><groupSet><item><groupId>" + GROUP + "</groupId><groupName>web</groupName>"
                + "</item></groupSet></item></networkInterfaceSet></item>";
    }

    private static String tag(String resource, String key, String value) {
        return "<item><resourceId>" + resource + "</resourceId><resourceType>" + (resource.startsWith("i-") ? "instance" : "volume")
                + "</resourceType><key>" + key + "</key><value>" + value + "</value></item>";
    }

    private static String empty(String action) {
        return "<" + action + "Response xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"><requestId>r-1</requestId><return>true</return></"
                + action + "Response>";
    }

    private static String error(String code, String message) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Errors><Error><Code>" + code + "</Code><Message>" + message
                + "</Message></Error></Errors><RequestID>req-1</RequestID></Response>";
    }

    private void answer(HttpExchange exchange) throws IOException {
        Map<String, String> form = RecordingServer.form(exchange);
        requests.add(new Request(form, RecordingServer.signingScope(exchange)));
        String[] answer = answers.apply(form);
        RecordingServer.send(exchange, Integer.parseInt(answer[0]), "text/xml", answer[1]);
        exchange.close();
    }
}
