package io.trailguard.it;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

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
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;

/** The packaged function as the {@code cloudtrail} handler: a stopped trail is restarted and alerted. */
@ForFunction(HandlerNames.CLOUDTRAIL)
@QuarkusIntegrationTest
@TestProfile(CloudTrailHandlerIT.Profile.class)
class CloudTrailHandlerIT {

    public static class Profile extends HandlerProfile {
        @Override
        protected String handler() {
            return HandlerNames.CLOUDTRAIL;
        }
    }

    // the trail and bucket named in the samples under events/cloudtrail-tampering/
    static final String TRAIL = "tg-audit-trail";
    static final String BUCKET = "tg-cloudtrail-logs-123456789012";
    final S3Client s3 = MotoClients.s3();
    final SnsClient sns = MotoClients.sns();
    final CloudTrailClient cloudTrail = MotoClients.cloudTrail();
    AlertInbox alerts;

    @BeforeEach
    void stoppedTrail() {
        MotoServer.reset();
        s3.createBucket(b -> b.bucket(BUCKET));
        cloudTrail.createTrail(b -> b.name(TRAIL).s3BucketName(BUCKET).isMultiRegionTrail(true));
        cloudTrail.startLogging(b -> b.name(TRAIL));
        cloudTrail.stopLogging(b -> b.name(TRAIL));
        alerts = AlertInbox.create(sns);
    }

    @AfterEach
    void close() {
        alerts.close();
        s3.close();
        sns.close();
        cloudTrail.close();
    }

    @Test
    void stoppedTrailIsRestartedAndAlerted() throws Exception {
        assertFalse(isLogging(), "precondition: the trail is stopped");

        Lambda.invoke(SampleEvents.read("cloudtrail-tampering", "stop-logging-by-name")).statusCode(200)
                .body("status", equalTo("decided"))
                .body("decisions[0].policy", equalTo("cloudtrail-tampering"))
                .body("decisions[0].actions.action", equalTo(List.of("cloudtrail.start-logging")))
                .body("decisions[0].actions.outcome", equalTo(List.of("applied")));

        assertTrue(isLogging(), "logging is back on");
        List<String> messages = alerts.messages();
        assertEquals(1, messages.size(), "one alert");
        assertEquals("CRITICAL", new ObjectMapper().readTree(messages.get(0)).path("severity").asText());
    }

    private boolean isLogging() {
        return cloudTrail.getTrailStatus(b -> b.name(TRAIL)).isLogging();
    }
}
