package io.trailguard.remediation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.Tag;

/**
 * RDS's query API as the executors sign it ({@link SignedQueryCall#rds}), without moto: the executors' calls and the
 * SDK's own RDS client talk to one recording server answering as RDS does, and each change must be the request the
 * SDK's client sends (form and signature scope), its answers read as RDS writes them (items named after their type,
 * nested lists). The executors' behaviour against the emulator is in the sharing and tagging policies' remediation tests.
 */
class RdsQueryCallsTest {

    static final StaticCredentialsProvider TESTING = StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));

    record Request(Map<String, String> form, String scope) {
    }

    final List<Request> requests = new ArrayList<>();
    Function<Map<String, String>, String> answers = form -> "<" + form.get("Action") + "Response/>";
    RecordingServer server;
    RdsClient sdk;
    RemoveDbSnapshotShare unshare;
    MakeDbInstancePrivate makePrivate;
    TagRdsResource tag;

    @BeforeEach
    void start() throws IOException {
        MDC.clear(); // no handler or policy context left by an earlier test on this thread
        server = RecordingServer.start(this::answer);
        sdk = RdsClient.builder().region(Region.EU_WEST_1).endpointOverride(server.endpoint()).credentialsProvider(TESTING)
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        unshare = new RemoveDbSnapshotShare(server.clientConfig("eu-west-1"), TESTING);
        makePrivate = new MakeDbInstancePrivate(server.clientConfig("eu-west-1"), TESTING);
        tag = new TagRdsResource(server.clientConfig("eu-west-1"), TESTING);
    }

    @AfterEach
    void stop() {
        unshare.close();
        makePrivate.close();
        tag.close();
        sdk.close();
        server.close();
    }

    @Test
    void onlyTheLiveSharesNamedAreRemovedWithTheRequestTheSdkSends() {
        answers = form -> form.get("Action").startsWith("Describe")
                ? "<DescribeDBSnapshotAttributesResponse><DescribeDBSnapshotAttributesResult><DBSnapshotAttributesResult>"
                        + "<DBSnapshotIdentifier>db-snap</DBSnapshotIdentifier><DBSnapshotAttributes>"
                        + "<DBSnapshotAttribute><AttributeName>other</AttributeName><AttributeValues><AttributeValue>111122223333</AttributeValue>"
                        + "</AttributeValues></DBSnapshotAttribute>"
                        + "<DBSnapshotAttribute><AttributeName>restore</AttributeName><AttributeValues><AttributeValue>all</AttributeValue>"
                        + "<AttributeValue>444455556666</AttributeValue><AttributeValue>111122223333</AttributeValue></AttributeValues>"
                        + "</DBSnapshotAttribute></DBSnapshotAttributes></DBSnapshotAttributesResult></DescribeDBSnapshotAttributesResult>"
                        + "</DescribeDBSnapshotAttributesResponse>"
                : "<ModifyDBSnapshotAttributeResponse/>";
        var spec = RemoveDbSnapshotShare.spec("db-snap", true, List.of("111122223333", "777788889999"));
        assertTrue(unshare.needed(spec));
        unshare.apply(spec);
        sdk.modifyDBSnapshotAttribute(b -> b.dbSnapshotIdentifier("db-snap").attributeName("restore").valuesToRemove("all", "111122223333"));

        assertEquals(Map.of("Action", "DescribeDBSnapshotAttributes", "Version", "2014-10-31", "DBSnapshotIdentifier", "db-snap"),
                requests.get(0).form());
        Request executors = requests.get(2);
        Request sdks = requests.get(3);
        assertEquals(sdks.form(), executors.form(), "ModifyDBSnapshotAttribute as the SDK sends it: everyone and the one live account");
        assertEquals(sdks.scope(), executors.scope());
        assertEquals("/eu-west-1/rds/aws4_request", executors.scope());

        assertFalse(unshare.needed(RemoveDbSnapshotShare.spec("db-snap", false, List.of("777788889999"))), "not shared with it");
    }

    @Test
    void aPublicInstanceIsMadePrivateWithTheRequestTheSdkSends() {
        String[] accessible = {"true"};
        answers = form -> form.get("Action").startsWith("Describe")
                ? "<DescribeDBInstancesResponse><DescribeDBInstancesResult><DBInstances><DBInstance>"
                        + "<DBInstanceIdentifier>orders</DBInstanceIdentifier><ReadReplicaDBInstanceIdentifiers/>"
                        + "<VpcSecurityGroups><VpcSecurityGroupMembership><VpcSecurityGroupId>sg-1</VpcSecurityGroupId>"
                        + "<Status>active</Status></VpcSecurityGroupMembership></VpcSecurityGroups>"
                        + "<PubliclyAccessible>" + accessible[0] + "</PubliclyAccessible></DBInstance></DBInstances>"
                        + "</DescribeDBInstancesResult></DescribeDBInstancesResponse>"
                : "<ModifyDBInstanceResponse/>";
        assertTrue(makePrivate.needed(MakeDbInstancePrivate.spec("orders")));
        makePrivate.apply(MakeDbInstancePrivate.spec("orders"));
        sdk.modifyDBInstance(b -> b.dbInstanceIdentifier("orders").publiclyAccessible(false).applyImmediately(true));
        assertEquals(requests.get(2).form(), requests.get(1).form(), "ModifyDBInstance as the SDK sends it");

        accessible[0] = "false";
        assertFalse(makePrivate.needed(MakeDbInstancePrivate.spec("orders")));
    }

    @Test
    void tagsAreReadAndAddedAsTheSdkSendsThem() {
        String arn = "arn:aws:rds:eu-west-1:123456789012:db:orders";
        answers = form -> form.get("Action").equals("ListTagsForResource")
                ? "<ListTagsForResourceResponse><ListTagsForResourceResult><TagList><Tag><Key>owner</Key><Value>a&amp;b</Value></Tag>"
                        + "</TagList></ListTagsForResourceResult></ListTagsForResourceResponse>"
                : "<AddTagsToResourceResponse/>";
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("owner", "a&b");
        tags.put("cost-center", "42 / x=y");
        assertFalse(tag.needed(TagRdsResource.spec(arn, Map.of("owner", "a&b"))), "the live tag is read with its escape decoded");
        assertTrue(tag.needed(TagRdsResource.spec(arn, tags)));
        tag.apply(TagRdsResource.spec(arn, tags));
        sdk.addTagsToResource(b -> b.resourceName(arn).tags(Tag.builder().key("owner").value("a&b").build(),
                Tag.builder().key("cost-center").value("42 / x=y").build()));
        assertEquals(requests.get(3).form(), requests.get(2).form(), "AddTagsToResource as the SDK sends it");
    }

    private void answer(HttpExchange exchange) throws IOException {
        Map<String, String> form = RecordingServer.form(exchange);
        requests.add(new Request(form, RecordingServer.signingScope(exchange)));
        RecordingServer.send(exchange, 200, "text/xml", answers.apply(form));
        exchange.close();
    }
}
