package io.trailguard.policies;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

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
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.KeyPairInfo;
import software.amazon.awssdk.services.sns.SnsClient;

/** ec2-key-pair-imported end to end (enforce opted into in the test profile): key pairs in moto, the ImportKeyPair event, the keys after. */
@QuarkusTest
class Ec2KeyPairImportedRemediationTest {

    static final String POLICY = "ec2-key-pair-imported";
    static final String SAMPLE_KEY_ID = "key-0a1b2c3d4e5f60789";
    static final String PUBLIC_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB+Gz83tIqw015J/CzKUVu0U/Bk2z2E1we3okITjHq8h ops-laptop";

    @Inject
    Ec2Client ec2;
    @Inject
    SnsClient sns;

    AlertInbox alerts;

    @BeforeEach
    void freshAccount() {
        MotoServer.reset();
        ec2.createKeyPair(b -> b.keyName("web-tier"));
        alerts = AlertInbox.create(sns);
    }

    @AfterEach
    void close() {
        alerts.close();
    }

    @Test
    void theImportedKeyIsDeletedAndTheOthersStay() {
        String id = importKey("ops-laptop");
        String event = SampleEvents.read(POLICY, "import-key-pair").replace(SAMPLE_KEY_ID, id);

        Lambda.invoke(event).statusCode(200)
                .body("decisions[0].policy", equalTo(POLICY))
                .body("decisions[0].actions.action", equalTo(List.of("ec2.delete-key-pair")))
                .body("decisions[0].actions.outcome", equalTo(List.of("applied")));

        assertEquals(Set.of("web-tier"), keyNames());
        assertEquals(1, alerts.messages().size(), "one alert");
        Lambda.invoke(event).statusCode(200).body("decisions[0].actions.outcome", equalTo(List.of("already-compliant")));
    }

    @Test
    void aKeyOfTheSameNameImportedSinceIsNotTheOneDeleted() {
        // the live key's id is not the one the event returned: someone deleted and re-imported it
        importKey("ops-laptop");

        Lambda.invoke(SampleEvents.read(POLICY, "import-key-pair")).statusCode(200)
                .body("decisions[0].actions.outcome", equalTo(List.of("already-compliant")));

        assertEquals(Set.of("web-tier", "ops-laptop"), keyNames());
    }

    @Test
    void withoutAnIdInTheEventTheKeyIsDeletedByName() {
        importKey("backup key");

        Lambda.invoke(SampleEvents.read(POLICY, "import-key-pair-without-id")).statusCode(200)
                .body("decisions[0].actions.outcome", equalTo(List.of("applied")));

        assertEquals(Set.of("web-tier"), keyNames());
    }

    private String importKey(String name) {
        return ec2.importKeyPair(b -> b.keyName(name).publicKeyMaterial(SdkBytes.fromUtf8String(PUBLIC_KEY))).keyPairId();
    }

    private Set<String> keyNames() {
        return ec2.describeKeyPairs().keyPairs().stream().map(KeyPairInfo::keyName).collect(Collectors.toSet());
    }
}
