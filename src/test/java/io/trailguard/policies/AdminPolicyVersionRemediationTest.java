package io.trailguard.policies;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.trailguard.AlertInbox;
import io.trailguard.Lambda;
import io.trailguard.MotoServer;
import io.trailguard.SampleEvents;
import io.trailguard.remediation.RestorePolicyVersion;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.PolicyVersion;
import software.amazon.awssdk.services.sns.SnsClient;

/** iam-admin-policy-version end to end: the event through the Lambda event server, then the policy's default version in moto. */
@QuarkusTest
class AdminPolicyVersionRemediationTest {

    static final String POLICY = "iam-admin-policy-version";
    static final String ARN = "arn:aws:iam::" + MotoServer.ACCOUNT + ":policy/app-deploy";
    static final String STAR = """
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}""";
    static final String READ = """
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::tg-demo-data/*"}]}""";
    static final String READ_WRITE = """
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::tg-demo-data/*"}]}""";

    @Inject
    IamClient iam;
    @Inject
    SnsClient sns;
    @Inject
    ObjectMapper mapper;
    @Inject
    RestorePolicyVersion restore;

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
    void newFullAccessDefaultIsSetBackToTheNewestHarmlessVersionAndKept() throws Exception {
        // v1 read, v2 read-write (the default before), v3 * on * made default
        policyWithVersions(READ, READ_WRITE, STAR);
        String event = SampleEvents.read(POLICY, "create-policy-version-star-as-default");

        Lambda.invoke(event).statusCode(200)
                .body("decisions[0].policy", equalTo(POLICY))
                .body("decisions[0].actions.action", equalTo(List.of("iam.restore-policy-version")))
                .body("decisions[0].actions.outcome", equalTo(List.of("applied")));

        assertEquals("v2", defaultVersion());
        assertEquals(List.of("v1", "v2", "v3"), versions(), "the offending version is kept as evidence");
        assertEquals("CRITICAL", mapper.readTree(alerts.messages().get(0)).path("severity").asText());

        Lambda.invoke(event).statusCode(200).body("decisions[0].actions.outcome", equalTo(List.of("already-compliant")));
    }

    @Test
    void setDefaultToAFullAccessVersionIsSetBack() {
        // v2 grants * on * but was not made default at creation; SetDefaultPolicyVersion v2 makes it so
        policyWithVersions(READ, STAR);
        iam.setDefaultPolicyVersion(b -> b.policyArn(ARN).versionId("v2"));

        Lambda.invoke(SampleEvents.read(POLICY, "set-default-policy-version")).statusCode(200)
                .body("decisions[0].actions.outcome", equalTo(List.of("applied")));

        assertEquals("v1", defaultVersion());
    }

    @Test
    void setDefaultToAHarmlessVersionIsLeftAlone() {
        policyWithVersions(READ, READ_WRITE);
        iam.setDefaultPolicyVersion(b -> b.policyArn(ARN).versionId("v2"));

        Lambda.invoke(SampleEvents.read(POLICY, "set-default-policy-version")).statusCode(200)
                .body("decisions[0].actions.outcome", equalTo(List.of("already-compliant")));

        assertEquals("v2", defaultVersion());
        // the call itself is still reported, MEDIUM: the event alone cannot tell
        assertEquals("MEDIUM", alertSeverity());
    }

    @Test
    void aVersionNoLongerDefaultNeedsNothing() {
        policyWithVersions(READ, READ_WRITE, STAR);
        iam.setDefaultPolicyVersion(b -> b.policyArn(ARN).versionId("v1"));

        assertFalse(restore.needed(RestorePolicyVersion.spec(ARN, "v3")));
        assertFalse(restore.needed(RestorePolicyVersion.spec(ARN.replace("app-deploy", "gone"), "v3")));
    }

    @Test
    void withNoHarmlessVersionToSetBackItFailsAndChangesNothing() {
        policyWithVersions(STAR, STAR, STAR);

        assertTrue(restore.needed(RestorePolicyVersion.spec(ARN, "v3")));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> restore.apply(RestorePolicyVersion.spec(ARN, "v3")));

        assertTrue(e.getMessage().contains("no other version"), e.getMessage());
        assertEquals("v3", defaultVersion());
    }

    /** The policy with one version per document, the last one default. */
    private void policyWithVersions(String first, String... next) {
        iam.createPolicy(b -> b.policyName("app-deploy").policyDocument(first));
        for (String document : next) {
            iam.createPolicyVersion(b -> b.policyArn(ARN).policyDocument(document).setAsDefault(true));
        }
    }

    private String defaultVersion() {
        return iam.getPolicy(b -> b.policyArn(ARN)).policy().defaultVersionId();
    }

    private List<String> versions() {
        return iam.listPolicyVersions(b -> b.policyArn(ARN)).versions().stream().map(PolicyVersion::versionId).sorted().toList();
    }

    private String alertSeverity() {
        try {
            return mapper.readTree(alerts.messages().get(0)).path("severity").asText();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
