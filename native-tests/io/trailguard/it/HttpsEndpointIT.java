package io.trailguard.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;
import io.trailguard.MotoServer;
import io.trailguard.policy.HandlerNames;

/**
 * The packaged function makes its AWS calls over HTTPS, as it does in AWS: {@link S3HandlerIT}'s tests, run with the
 * function pointed at moto behind a TLS front whose certificate it trusts through {@code javax.net.ssl.trustStore}
 * (the tests' own clients still read moto over HTTP). Without that trust store the remediation fails on PKIX.
 */
@ForFunction(HandlerNames.S3)
@QuarkusIntegrationTest
@TestProfile(HttpsEndpointIT.Profile.class)
class HttpsEndpointIT extends S3HandlerIT {

    public static class Profile extends S3HandlerIT.Profile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(MotoServer.OverTls.class));
        }

        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }
    }

    @Test
    void theRemediationsCallsGoThroughTheTlsFront() throws Exception {
        int before = MotoServer.tlsHandshakes();
        publicPolicyStatementIsRemovedTheRestKeptAndTheBucketBlocked();
        assertTrue(MotoServer.tlsHandshakes() > before, "the function's calls went through the TLS front");
    }
}
