package io.trailguard.policies;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

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
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.sns.SnsClient;

/** expensive-resources end to end: instances running in moto, the RunInstances event, their state after. */
@QuarkusTest
class ExpensiveResourcesRemediationTest {

    static final String POLICY = "expensive-resources";
    static final String SAMPLE_INSTANCE = "i-0a1b2c3d4e5f60789";
    static final String SAMPLE_SECOND_INSTANCE = "i-0b2c3d4e5f6071890";
    static final Set<String> STOPPED = Set.of("stopping", "stopped");
    /** RunInstances also reaches auto-tag (sorted first): pick this policy's decision by name. */
    static final String DECISION = "decisions.find { it.policy == '" + POLICY + "' }.";

    @Inject
    Ec2Client ec2;
    @Inject
    SnsClient sns;
    @Inject
    ObjectMapper mapper;

    AlertInbox alerts;
    String image;

    @BeforeEach
    void freshAccount() {
        MotoServer.reset();
        image = ec2.describeImages(b -> b.owners("amazon")).images().get(0).imageId();
        alerts = AlertInbox.create(sns);
    }

    @AfterEach
    void close() {
        alerts.close();
    }

    @Test
    void aGpuInstanceIsStoppedAndAlerted() throws Exception {
        String gpu = launch("p4d.24xlarge", 1).get(0);
        String small = launch("t3.micro", 1).get(0);

        Lambda.invoke(SampleEvents.read(POLICY, "run-instances-gpu-p4d").replace(SAMPLE_INSTANCE, gpu)).statusCode(200)
                .body(DECISION + "actions.action", equalTo(List.of("ec2.stop-instances")))
                .body(DECISION + "actions.outcome", equalTo(List.of("applied")));

        assertTrue(STOPPED.contains(state(gpu)), "the GPU instance is stopped, not " + state(gpu));
        assertEquals("running", state(small), "other instances are untouched");
        List<String> messages = alerts.messages();
        assertEquals(1, messages.size());
        JsonNode alert = mapper.readTree(messages.get(0));
        assertEquals("MEDIUM", alert.path("severity").asText());
        assertEquals(POLICY, alert.path("policy").asText());
    }

    @Test
    void bothInstancesOfTheLaunchAreStoppedAndASecondDeliveryChangesNothing() {
        List<String> ids = launch("c6i.32xlarge", 2);
        String event = SampleEvents.read(POLICY, "run-instances-two-32xlarge").replace(SAMPLE_INSTANCE, ids.get(0))
                .replace(SAMPLE_SECOND_INSTANCE, ids.get(1));

        Lambda.invoke(event).statusCode(200).body(DECISION + "actions.outcome", equalTo(List.of("applied")));

        ids.forEach(id -> assertTrue(STOPPED.contains(state(id)), id + " is " + state(id)));
        Lambda.invoke(event).statusCode(200).body(DECISION + "actions.outcome", equalTo(List.of("already-compliant")));
    }

    @Test
    void anInstanceTaggedExemptKeepsRunning() {
        String gpu = launch("p4d.24xlarge", 1).get(0);
        ec2.createTags(b -> b.resources(gpu).tags(t -> t.key("trailguard:exempt").value("true")));

        Lambda.invoke(SampleEvents.read(POLICY, "run-instances-gpu-p4d").replace(SAMPLE_INSTANCE, gpu)).statusCode(200)
                .body(DECISION + "skipped", startsWith("exempt by tag"));

        assertEquals("running", state(gpu));
    }

    private List<String> launch(String type, int count) {
        return ec2.runInstances(b -> b.imageId(image).instanceType(type).minCount(count).maxCount(count)).instances().stream()
                .map(Instance::instanceId).toList();
    }

    private String state(String instance) {
        return ec2.describeInstances(b -> b.instanceIds(instance)).reservations().get(0).instances().get(0).state().nameAsString();
    }
}
