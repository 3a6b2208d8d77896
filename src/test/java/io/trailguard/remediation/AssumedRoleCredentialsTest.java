package io.trailguard.remediation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jboss.logging.MDC;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpExchange;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * A member account's role assumed with a signed AssumeRole: the request the SDK's STS client sends, the session's
 * credentials kept until five minutes before they expire, then asked for again; an answer without them is an error
 * that tells no part of a credential.
 */
class AssumedRoleCredentialsTest {

    static final String ROLE = "arn:aws:iam::210987654321:role/trailguard-remediation";

    final List<Map<String, String>> forms = new ArrayList<>();
    RecordingServer server;
    SignedQueryCall sts;
    MovableClock clock = new MovableClock(Instant.parse("2026-12-02T04:00:00Z"));
    String answer;

    static final class MovableClock extends Clock {
        Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    @BeforeEach
    void start() throws IOException {
        MDC.clear();
        server = RecordingServer.start(this::answer);
        sts = new SignedQueryCall("sts", "2011-06-15", "us-east-1", server.endpoint(),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")), Duration.ofSeconds(5));
        answer = assumed("ASIAFIRST", "2026-12-02T05:00:00Z");
    }

    @AfterEach
    void stop() {
        sts.close();
        server.close();
    }

    @Test
    void theRoleIsAssumedWithTheRequestTheSdkSends() {
        new AssumedRoleCredentials(sts, ROLE, "trailguard", 900, "ext-1", clock).resolveCredentials();
        try (StsClient sdk = StsClient.builder().region(Region.US_EAST_1).endpointOverride(server.endpoint())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {
            sdk.assumeRole(b -> b.roleArn(ROLE).roleSessionName("trailguard").durationSeconds(900).externalId("ext-1"));
        }
        assertEquals(2, forms.size());
        assertEquals(forms.get(1), forms.get(0), "AssumeRole as the SDK sends it");
        assertEquals("AssumeRole", forms.get(0).get("Action"));
        assertEquals("ext-1", forms.get(0).get("ExternalId"));
        new AssumedRoleCredentials(sts, ROLE, "trailguard", 900, null, clock).resolveCredentials();
        assertFalse(forms.get(2).containsKey("ExternalId"), "no external id configured, none sent");
    }

    @Test
    void aSessionIsKeptUntilFiveMinutesBeforeItExpiresThenRenewed() {
        AssumedRoleCredentials role = new AssumedRoleCredentials(sts, ROLE, "trailguard", 3600, null, clock);
        AwsSessionCredentials first = (AwsSessionCredentials) role.resolveCredentials();
        assertEquals("ASIAFIRST", first.accessKeyId());
        assertEquals("token-ASIAFIRST", first.sessionToken());
        assertEquals(Instant.parse("2026-12-02T05:00:00Z"), first.expirationTime().orElseThrow());

        answer = assumed("ASIASECOND", "2026-12-02T06:00:00Z");
        clock.now = Instant.parse("2026-12-02T04:54:59Z");
        assertEquals("ASIAFIRST", role.resolveCredentials().accessKeyId(), "more than five minutes left: the same session");
        assertEquals(1, forms.size());
        clock.now = Instant.parse("2026-12-02T04:55:00Z");
        assertEquals("ASIASECOND", role.resolveCredentials().accessKeyId(), "five minutes left: a new session");
        assertEquals(2, forms.size());
    }

    @Test
    void anAnswerWithoutCompleteCredentialsIsAnErrorThatShowsNoneOfThem() {
        answer = assumed("ASIAFIRST", "2026-12-02T05:00:00Z").replace("<SessionToken>token-ASIAFIRST</SessionToken>", "");
        AssumedRoleCredentials role = new AssumedRoleCredentials(sts, ROLE, "trailguard", 900, null, clock);
        SdkClientException e = assertThrows(SdkClientException.class, role::resolveCredentials);
        assertTrue(e.getMessage().contains(ROLE), e.getMessage());
        assertFalse(e.getMessage().contains("secret-ASIAFIRST") || e.getMessage().contains("ASIAFIRST"), e.getMessage());

        answer = assumed("ASIAFIRST", "tomorrow");
        assertThrows(SdkClientException.class, role::resolveCredentials);
    }

    private static String assumed(String keyId, String expiration) {
        return "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><AssumeRoleResult><SourceIdentity>x</SourceIdentity>"
                + "<AssumedRoleUser><AssumedRoleId>AROAEXAMPLE:trailguard</AssumedRoleId>"
                + "<Arn>arn:aws:sts::210987654321:assumed-role/trailguard-remediation/trailguard</Arn></AssumedRoleUser>"
                + "<Credentials><AccessKeyId>" + keyId + "</AccessKeyId><SecretAccessKey>secret-" + keyId + "</SecretAccessKey>"
                + "<SessionToken>token-" + keyId + "</SessionToken><Expiration>" + expiration + "</Expiration></Credentials>"
                + "<PackedPolicySize>6</PackedPolicySize></AssumeRoleResult><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata>"
                + "</AssumeRoleResponse>";
    }

    private void answer(HttpExchange exchange) throws IOException {
        Map<String, String> form = RecordingServer.form(exchange);
        forms.add(form);
        RecordingServer.send(exchange, 200, "text/xml", answer);
        exchange.close();
    }
}
