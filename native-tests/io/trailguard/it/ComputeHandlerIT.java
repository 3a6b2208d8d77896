package io.trailguard.it;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;
import io.trailguard.AlertInbox;
import io.trailguard.Lambda;
import io.trailguard.MotoServer;
import io.trailguard.SampleEvents;
import io.trailguard.policy.HandlerNames;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.sns.SnsClient;

/** The packaged function as the {@code compute} handler (enforce in %test): a GPU instance launched is stopped. */
@ForFunction(HandlerNames.COMPUTE)
@QuarkusIntegrationTest
@TestProfile(ComputeHandlerIT.Profile.class)
class ComputeHandlerIT {

    public static class Profile extends HandlerProfile {
        @Override
        protected String handler() {
            return HandlerNames.COMPUTE;
        }
    }

    static final String POLICY = "expensive-resources";
    // the instance id in events/expensive-resources/run-instances-gpu-p4d, replaced by the one moto launched
    static final String SAMPLE_INSTANCE = "i-0a1b2c3d4e5f60789";
    static final Set<String> STOPPED = Set.of("stopping", "stopped");
    final ObjectMapper mapper = new ObjectMapper();
    final Ec2Client ec2 = MotoClients.ec2();
    final SnsClient sns = MotoClients.sns();
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
        ec2.close();
        sns.close();
    }

    @Test
    void gpuInstanceIsStoppedAndOthersKeepRunning() throws Exception {
        String gpu = launch("p4d.24xlarge");
        String small = launch("t3.micro");

        Lambda.invoke(SampleEvents.read(POLICY, "run-instances-gpu-p4d").replace(SAMPLE_INSTANCE, gpu)).statusCode(200)
                .body("status", equalTo("decided"))
                .body("decisions.policy", equalTo(List.of(POLICY)))
                .body("decisions[0].actions.action", equalTo(List.of("ec2.stop-instances")))
                .body("decisions[0].actions.outcome", equalTo(List.of("applied")));

        assertTrue(STOPPED.contains(state(gpu)), "the GPU instance is stopped, not " + state(gpu));
        assertEquals("running", state(small), "other instances are untouched");
        List<String> messages = alerts.messages();
        assertEquals(1, messages.size(), "one alert: " + messages);
        assertEquals(POLICY, mapper.readTree(messages.get(0)).path("policy").asText());
    }

    private String launch(String type) {
        return ec2.runInstances(b -> b.imageId(image).instanceType(type).minCount(1).maxCount(1)).instances().get(0).instanceId();
    }

    private String state(String instance) {
        return ec2.describeInstances(b -> b.instanceIds(instance)).reservations().get(0).instances().get(0).state().nameAsString();
    }
}
