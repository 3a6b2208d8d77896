package io.trailguard.policies;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.trailguard.AlertInbox;
import io.trailguard.Lambda;
import io.trailguard.MotoServer;
import io.trailguard.SampleEvents;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.CreateVolumePermission;
import software.amazon.awssdk.services.ec2.model.ImageAttributeName;
import software.amazon.awssdk.services.ec2.model.LaunchPermission;
import software.amazon.awssdk.services.ec2.model.OperationType;
import software.amazon.awssdk.services.ec2.model.PermissionGroup;
import software.amazon.awssdk.services.ec2.model.SnapshotAttributeName;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.sns.SnsClient;

/** resource-shared-publicly end to end: shares made in moto, the Modify*Attribute event, the shares after. */
@QuarkusTest
class ResourceSharedPubliclyRemediationTest {

    static final String POLICY = "resource-shared-publicly";
    static final String SAMPLE_SNAPSHOT = "snap-0a1b2c3d4e5f60718";
    static final String SAMPLE_IMAGE = "ami-0f1e2d3c4b5a69788";
    static final String TRUSTED = "210987654321";
    static final String UNTRUSTED = "999988887777";

    @Inject
    Ec2Client ec2;
    @Inject
    RdsClient rds;
    @Inject
    SnsClient sns;
    @Inject
    ObjectMapper mapper;

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
    void publicSnapshotShareIsRemovedAndAccountSharesStay() throws Exception {
        String snapshot = snapshot();
        ec2.modifySnapshotAttribute(b -> b.snapshotId(snapshot).attribute(SnapshotAttributeName.CREATE_VOLUME_PERMISSION)
                .operationType(OperationType.ADD).groupNames("all").userIds(TRUSTED, UNTRUSTED));

        Lambda.invoke(SampleEvents.read(POLICY, "modify-snapshot-attribute-public").replace(SAMPLE_SNAPSHOT, snapshot)).statusCode(200)
                .body("decisions[0].actions.action", equalTo(List.of("ec2.remove-snapshot-share")))
                .body("decisions[0].actions.outcome", equalTo(List.of("applied")));

        assertEquals(List.of("user " + TRUSTED, "user " + UNTRUSTED), snapshotShares(snapshot), "only 'all' is removed");
        assertAlert("HIGH");
    }

    @Test
    void untrustedAccountShareIsRemovedAndTheTrustedOneStays() throws Exception {
        String snapshot = snapshot();
        ec2.modifySnapshotAttribute(b -> b.snapshotId(snapshot).attribute(SnapshotAttributeName.CREATE_VOLUME_PERMISSION)
                .operationType(OperationType.ADD).userIds(TRUSTED, UNTRUSTED));

        Lambda.invoke(SampleEvents.read(POLICY, "modify-snapshot-attribute-untrusted-account").replace(SAMPLE_SNAPSHOT, snapshot))
                .statusCode(200).body("decisions[0].actions.outcome", equalTo(List.of("applied")));

        assertEquals(List.of("user " + TRUSTED), snapshotShares(snapshot));
        assertAlert("MEDIUM");
    }

    @Test
    void publicAmiLaunchPermissionIsRemoved() throws Exception {
        String base = ec2.describeImages(b -> b.owners("amazon")).images().get(0).imageId();
        String instance = ec2.runInstances(b -> b.imageId(base).instanceType("t3.micro").minCount(1).maxCount(1)).instances().get(0).instanceId();
        String image = ec2.createImage(b -> b.instanceId(instance).name("golden")).imageId();
        ec2.modifyImageAttribute(b -> b.imageId(image).launchPermission(p -> p.add(
                LaunchPermission.builder().group(PermissionGroup.ALL).build(), LaunchPermission.builder().userId(TRUSTED).build())));

        String event = SampleEvents.read(POLICY, "modify-image-attribute-public").replace(SAMPLE_IMAGE, image);
        Lambda.invoke(event).statusCode(200).body("decisions[0].actions.outcome", equalTo(List.of("applied")));

        List<String> left = ec2.describeImageAttribute(b -> b.imageId(image).attribute(ImageAttributeName.LAUNCH_PERMISSION))
                .launchPermissions().stream().map(p -> p.group() != null ? p.groupAsString() : p.userId()).toList();
        assertEquals(List.of(TRUSTED), left);
        assertAlert("HIGH");
        Lambda.invoke(event).statusCode(200).body("decisions[0].actions.outcome", equalTo(List.of("already-compliant")));
    }

    @Test
    void publicRdsSnapshotRestoreIsRemoved() throws Exception {
        rds.createDBInstance(b -> b.dbInstanceIdentifier("orders-db").dbInstanceClass("db.t3.micro").engine("postgres")
                .masterUsername("dbadmin").masterUserPassword("not-a-real-secret-1").allocatedStorage(20));
        rds.createDBSnapshot(b -> b.dbSnapshotIdentifier("orders-db-2026-11-20").dbInstanceIdentifier("orders-db"));
        rds.modifyDBSnapshotAttribute(b -> b.dbSnapshotIdentifier("orders-db-2026-11-20").attributeName("restore").valuesToAdd("all", TRUSTED));

        Lambda.invoke(SampleEvents.read(POLICY, "modify-db-snapshot-attribute-restore-all")).statusCode(200)
                .body("decisions[0].actions.action", equalTo(List.of("rds.remove-db-snapshot-share")))
                .body("decisions[0].actions.outcome", equalTo(List.of("applied")));

        assertEquals(List.of(TRUSTED), rds.describeDBSnapshotAttributes(b -> b.dbSnapshotIdentifier("orders-db-2026-11-20"))
                .dbSnapshotAttributesResult().dbSnapshotAttributes().get(0).attributeValues());
        assertAlert("HIGH");
    }

    @Test
    void publicAuroraClusterSnapshotRestoreIsRemoved() throws Exception {
        rds.createDBCluster(b -> b.dbClusterIdentifier("orders-cluster").engine("aurora-postgresql")
                .masterUsername("dbadmin").masterUserPassword("not-a-real-secret-1"));
        rds.createDBClusterSnapshot(b -> b.dbClusterSnapshotIdentifier("orders-cluster-final").dbClusterIdentifier("orders-cluster"));
        rds.modifyDBClusterSnapshotAttribute(b -> b.dbClusterSnapshotIdentifier("orders-cluster-final").attributeName("restore").valuesToAdd("all"));

        Lambda.invoke(SampleEvents.read(POLICY, "modify-db-cluster-snapshot-attribute-restore-all")).statusCode(200)
                .body("decisions[0].actions.outcome", equalTo(List.of("applied")));

        assertEquals(List.of(), rds.describeDBClusterSnapshotAttributes(b -> b.dbClusterSnapshotIdentifier("orders-cluster-final"))
                .dbClusterSnapshotAttributesResult().dbClusterSnapshotAttributes().get(0).attributeValues());
        assertAlert("HIGH");
    }

    private String snapshot() {
        String volume = ec2.createVolume(b -> b.size(1).availabilityZone("us-east-1a")).volumeId();
        return ec2.createSnapshot(b -> b.volumeId(volume)).snapshotId();
    }

    private List<String> snapshotShares(String snapshot) {
        return ec2.describeSnapshotAttribute(b -> b.snapshotId(snapshot).attribute(SnapshotAttributeName.CREATE_VOLUME_PERMISSION))
                .createVolumePermissions().stream().map(ResourceSharedPubliclyRemediationTest::share).sorted().toList();
    }

    private static String share(CreateVolumePermission p) {
        return p.group() != null ? "group " + p.groupAsString() : "user " + p.userId();
    }

    private void assertAlert(String severity) throws Exception {
        List<String> messages = alerts.messages();
        assertEquals(1, messages.size(), "one alert");
        JsonNode alert = mapper.readTree(messages.get(0));
        assertEquals(POLICY, alert.path("policy").asText());
        assertEquals(severity, alert.path("severity").asText());
    }
}
