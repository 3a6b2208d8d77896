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
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.sns.SnsClient;

/** rds-publicly-accessible end to end: a public DB instance in moto, the event that made it so, its accessibility after. */
@QuarkusTest
class RdsPubliclyAccessibleRemediationTest {

    static final String POLICY = "rds-publicly-accessible";

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
    void publicInstanceIsMadePrivateAndOnlyOnce() throws Exception {
        rds.createDBInstance(b -> b.dbInstanceIdentifier("orders-db").dbInstanceClass("db.t3.medium").engine("postgres")
                .masterUsername("dbadmin").masterUserPassword("not-a-real-secret-1").allocatedStorage(100).publiclyAccessible(true));
        rds.createDBInstance(b -> b.dbInstanceIdentifier("reporting-db").dbInstanceClass("db.t3.medium").engine("postgres")
                .masterUsername("dbadmin").masterUserPassword("not-a-real-secret-1").allocatedStorage(100).publiclyAccessible(true));

        String event = SampleEvents.read(POLICY, "modify-db-instance-public");
        Lambda.invoke(event).statusCode(200)
                .body("decisions[0].actions.action", equalTo(List.of("rds.make-instance-private")))
                .body("decisions[0].actions.outcome", equalTo(List.of("applied")));

        assertEquals(false, publiclyAccessible("orders-db"));
        assertEquals(true, publiclyAccessible("reporting-db"), "only the instance of the event changes");
        assertAlert();
        Lambda.invoke(event).statusCode(200).body("decisions[0].actions.outcome", equalTo(List.of("already-compliant")));
    }

    @Test
    void publicMultiAzClusterIsAlertedWithNothingDone() throws Exception {
        Lambda.invoke(SampleEvents.read(POLICY, "create-multi-az-db-cluster-public")).statusCode(200)
                .body("decisions[0].policy", equalTo(POLICY))
                .body("decisions[0].actions", equalTo(List.of()));

        assertAlert();
    }

    private Boolean publiclyAccessible(String id) {
        return rds.describeDBInstances(b -> b.dbInstanceIdentifier(id)).dbInstances().get(0).publiclyAccessible();
    }

    private void assertAlert() throws Exception {
        List<String> messages = alerts.messages();
        assertEquals(1, messages.size(), "one alert");
        JsonNode alert = mapper.readTree(messages.get(0));
        assertEquals(POLICY, alert.path("policy").asText());
        assertEquals("HIGH", alert.path("severity").asText());
    }
}
