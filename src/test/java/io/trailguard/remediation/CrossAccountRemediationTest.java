package io.trailguard.remediation;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.trailguard.AlertInbox;
import io.trailguard.AwsCallRecorder;
import io.trailguard.Lambda;
import io.trailguard.MemberAccount;
import io.trailguard.MotoServer;
import io.trailguard.SampleEvents;
import io.trailguard.policy.Glob;
import io.trailguard.policy.HandlerNames;
import io.trailguard.policy.ResourceRef;
import io.trailguard.policy.TrailguardConfig;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/**
 * Organization deployments: an event from a member account is checked and remediated with that account's
 * remediation role (assumed through STS), its alert sent with the function's own credentials. moto keeps one
 * IAM per account and maps assumed-role keys to the role's account, so acting in the wrong account shows.
 */
@QuarkusTest
@TestProfile(CrossAccountRemediationTest.CrossAccount.class)
class CrossAccountRemediationTest {

    public static class CrossAccount implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("trailguard.cross-account.role-name", "trailguard-remediation");
        }
    }

    static final String OWN = MotoServer.ACCOUNT;
    /** A new member account per test: moto's reset forgets the sessions the function keeps cached per account. */
    private static final java.util.concurrent.atomic.AtomicLong ACCOUNTS = new java.util.concurrent.atomic.AtomicLong(210987654321L);
    static final String ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess";
    static final String POLICY = "iam-admin-granted";

    @Inject
    S3Client s3;
    @Inject
    SnsClient sns;
    @Inject
    AccountCredentials credentials;
    /** One of the function's signed S3 calls (with {@link #credentials}). */
    @Inject
    BucketTags bucketTags;
    @Inject
    TrailguardConfig config;

    String member;
    IamClient iam;
    IamClient memberIam;
    AlertInbox alerts;

    @BeforeEach
    void twoAccounts() {
        MotoServer.resetWithAwsManagedPolicies();
        member = String.valueOf(ACCOUNTS.incrementAndGet());
        // the test's own clients, without the function's call timeout: moto loads every managed policy into an
        // account's IAM on first use, which takes a while on a busy machine
        iam = MemberAccount.iam(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")));
        memberIam = MemberAccount.iam(MemberAccount.credentials(member));
        for (IamClient account : List.of(iam, memberIam)) {
            account.createUser(b -> b.userName("bob"));
            account.attachUserPolicy(b -> b.userName("bob").policyArn(ADMIN));
        }
        alerts = AlertInbox.create(sns);
    }

    @AfterEach
    void close() {
        iam.close();
        memberIam.close();
        alerts.close();
    }

    @Test
    void aMemberAccountsEventIsRemediatedInThatAccountAndAlertedFromOurs() {
        Lambda.invoke(SampleEvents.read(POLICY, "attach-user-policy-administrator").replace(OWN, member)).statusCode(200)
                .body("decisions[0].account", equalTo(member))
                .body("decisions[0].actions.outcome", equalTo(List.of("applied")))
                .body("decisions[0].alert", equalTo("sns: sent"));

        assertEquals(List.of(), attached(memberIam), "detached in the member account");
        assertEquals(List.of(ADMIN), attached(iam), "the central account's own user of the same name is left alone");
        List<String> delivered = alerts.messages();
        assertEquals(1, delivered.size(), "the alert reached the central account's topic, published with its own credentials");
        assertTrue(delivered.get(0).contains(member), delivered.get(0));
    }

    @Test
    void anEventOfTheFunctionsOwnAccountUsesItsOwnCredentials() {
        Lambda.invoke(SampleEvents.read(POLICY, "attach-user-policy-administrator")).statusCode(200)
                .body("decisions[0].actions.outcome", equalTo(List.of("applied")));

        assertEquals(List.of(), attached(iam));
        assertEquals(List.of(ADMIN), attached(memberIam));
    }

    @Test
    void theSignedS3CallsActInTheAccountOfTheDecision() {
        try (S3Client memberS3 = S3Client.builder().region(Region.US_EAST_1).endpointOverride(URI.create(MotoServer.endpoint()))
                .forcePathStyle(true).credentialsProvider(MemberAccount.credentials(member)).httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {
            memberS3.createBucket(b -> b.bucket("tg-member-data"));
        }
        assertEquals(List.of(), buckets(), "moto lists the buckets of the account the credentials belong to");
        // moto finds a bucket whatever the account: the call log tells whose credentials signed the call (the s3 function's tag read)
        ResourceRef bucket = new ResourceRef(ResourceRef.S3_BUCKET, "tg-member-data");
        assertEquals(Map.of(), asTheS3Function(() -> credentials.actingIn(member, () -> bucketTags.tags(bucket))));
        assertEquals(member, lastLoggedCall().path("account").asText(), "signed as the member account's role");
        assertEquals("s3:GetBucketTagging", lastLoggedCall().path("action").asText());
        asTheS3Function(() -> credentials.actingIn(OWN, () -> bucketTags.tags(bucket)));
        assertEquals(OWN, lastLoggedCall().path("account").asText(), "signed with the function's own credentials");
    }

    /** As the s3 function deployed with this profile's cross-account role: its calls are least-privilege evidence. */
    private static <T> T asTheS3Function(Supplier<T> work) {
        return AwsCallRecorder.asFunction(HandlerNames.S3, Map.of("trailguard.cross-account.role-name", "trailguard-remediation"), work);
    }

    private static JsonNode lastLoggedCall() {
        try {
            List<String> lines = Files.readAllLines(Path.of("target", "aws-calls", "unit-tests.jsonl"));
            return new ObjectMapper().readTree(lines.get(lines.size() - 1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void ourCallsInAMemberAccountAreRecognisedAsOurOwnByTheLoopGuard() {
        try (StsClient sts = StsClient.builder().region(Region.US_EAST_1).endpointOverride(URI.create(MotoServer.endpoint()))
                .credentialsProvider(credentials).httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {
            GetCallerIdentityResponse identity = credentials.actingIn(member, sts::getCallerIdentity);
            assertEquals(member, identity.account());
            assertEquals("arn:aws:sts::" + member + ":assumed-role/trailguard-remediation/trailguard-remediation", identity.arn());
            assertTrue(Glob.of(config.selfPrincipals()).matches(identity.arn()), identity.arn());
            // outside a decision: the function's own identity
            assertEquals(OWN, sts.getCallerIdentity().account());
            assertFalse(Glob.of(config.selfPrincipals()).matches(sts.getCallerIdentity().arn()));
        }
    }

    private List<String> attached(IamClient client) {
        return client.listAttachedUserPolicies(b -> b.userName("bob")).attachedPolicies().stream().map(AttachedPolicy::policyArn).toList();
    }

    private List<String> buckets() {
        return s3.listBuckets().buckets().stream().map(Bucket::name).toList();
    }
}
