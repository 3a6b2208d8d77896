package io.trailguard.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.trailguard.CapturingAuditLog;
import io.trailguard.FaultProxy.Kind;
import io.trailguard.HardeningProfile;
import io.trailguard.Lambda;
import io.trailguard.MemberAccount;
import io.trailguard.MotoServer;
import io.trailguard.SampleEvents;
import io.trailguard.remediation.AccountCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * With distinctive credentials configured, a run through success, AWS errors, retries, a failed invocation,
 * an unsent alert, a rejected input and a member account's event remediated (and failing) with an assumed
 * role's session writes neither the access key id, nor the secret key, nor the session's secret key and
 * token anywhere: not
 * in the application log (any level trailguard logs at), not on stdout/stderr, not in the audit lines, not
 * in the handler's responses.
 */
@QuarkusTest
@TestProfile(HardeningProfile.class)
class SecretsInLogsTest {

    static final String MEMBER = "210987654321";
    static final String ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess";

    @Inject
    S3Client s3;
    @Inject
    CloudTrailClient cloudTrail;
    @Inject
    CapturingAuditLog audit;
    @Inject
    ObjectMapper mapper;
    @Inject
    AccountCredentials credentials;

    @Test
    void noCredentialInAnyOutput() throws Exception {
        assertEquals(HardeningProfile.SECRET_ACCESS_KEY, ConfigProvider.getConfig().getValue("trailguard.aws.secret-access-key", String.class),
                "the run uses the distinctive credentials");
        StringBuilder logs = new StringBuilder();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                synchronized (logs) {
                    logs.append(record.getLevel()).append(' ').append(record.getLoggerName()).append(' ')
                            .append(new java.util.logging.SimpleFormatter().formatMessage(record)).append('\n');
                    if (record.getThrown() != null) {
                        StringWriter trace = new StringWriter();
                        record.getThrown().printStackTrace(new PrintWriter(trace));
                        logs.append(trace).append('\n');
                    }
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        java.util.logging.Logger trailguard = java.util.logging.Logger.getLogger("io.trailguard");
        Level previous = trailguard.getLevel();
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        StringBuilder responses = new StringBuilder();
        String ownAuthorization = null;
        root.addHandler(capture);
        trailguard.setLevel(Level.ALL);
        audit.clearLatest();
        try {
            System.setOut(new PrintStream(new TeeStream(out, console), true));
            System.setErr(new PrintStream(new TeeStream(err, console), true));
            MotoServer.resetWithAwsManagedPolicies();
            DedupTable.create();
            HardeningProfile.proxy().clear();
            s3.createBucket(b -> b.bucket("tg-demo-data"));
            s3.createBucket(b -> b.bucket("tg-cloudtrail-logs-123456789012"));
            cloudTrail.createTrail(b -> b.name("tg-audit-trail").s3BucketName("tg-cloudtrail-logs-123456789012"));
            // no SNS topic exists in this run: every alert fails and is logged
            responses.append(Lambda.invoke(SampleEvents.read("s3-public-bucket", "delete-bucket-public-access-block")).extract().asString());
            HardeningProfile.proxy().inject("GetTrailStatus", Kind.THROTTLE, 1);
            HardeningProfile.proxy().inject("StartLogging", Kind.ERROR_503, -1);
            responses.append(Lambda.invoke(SampleEvents.read("cloudtrail-tampering", "stop-logging-by-name")).extract().asString());
            HardeningProfile.proxy().clear();
            responses.append(Lambda.invoke(SampleEvents.read("iam-new-credentials", "create-access-key-for-user")).extract().asString());
            responses.append(Lambda.invoke("{\"detail-type\": 42}").extract().asString());
            ownAuthorization = HardeningProfile.proxy().lastAuthorization();
            // a member account's event: remediated with the assumed role's session, once successfully, once failing
            String memberEvent = SampleEvents.read("iam-admin-granted", "attach-user-policy-administrator").replace(MotoServer.ACCOUNT, MEMBER);
            try (IamClient memberIam = memberIam()) {
                memberIam.createUser(b -> b.userName("bob"));
                memberIam.attachUserPolicy(b -> b.userName("bob").policyArn(ADMIN));
                responses.append(Lambda.invoke(memberEvent).extract().asString());
                assertEquals(0, memberIam.listAttachedUserPolicies(b -> b.userName("bob")).attachedPolicies().size(),
                        "remediated in the member account");
                memberIam.attachUserPolicy(b -> b.userName("bob").policyArn(ADMIN));
                HardeningProfile.proxy().inject("DetachUserPolicy", Kind.ERROR_503, -1);
                String failed = Lambda.invoke(memberEvent.replace("\"eventID\": \"", "\"eventID\": \"retry-")).extract().asString();
                responses.append(failed);
                assertTrue(failed.contains("remediation failed for event retry-"), "the member account's remediation failed: " + failed);
                HardeningProfile.proxy().clear();
            }
        } finally {
            System.setOut(out);
            System.setErr(err);
            root.removeHandler(capture);
            trailguard.setLevel(previous);
        }
        assertTrue(ownAuthorization != null && ownAuthorization.contains("Credential=" + HardeningProfile.ACCESS_KEY_ID),
                "the requests were signed with the configured key: " + ownAuthorization);

        AwsSessionCredentials session = (AwsSessionCredentials) credentials.actingIn(MEMBER, credentials::resolveCredentials);
        assertEquals(session.sessionToken(), HardeningProfile.proxy().lastSecurityToken(),
                "the member account's calls were signed with the assumed session, whose secrets the scan looks for");
        assertFalse(session.secretAccessKey().equals(HardeningProfile.SECRET_ACCESS_KEY));

        String everything = logs + "\n" + console.toString(StandardCharsets.UTF_8) + "\n" + mapper.writeValueAsString(audit.latest())
                + "\n" + responses;
        java.nio.file.Files.writeString(java.nio.file.Path.of("target", "secrets-scan.txt"), everything);
        assertTrue(logs.toString().contains("injected unavailability") && logs.toString().contains("not sent"),
                "the failures were logged, so the scan has something to look at (target/secrets-scan.txt)");
        assertTrue(audit.latest().size() >= 4, "the audit lines were captured");
        String token = session.sessionToken();
        for (String secret : new String[] { HardeningProfile.SECRET_ACCESS_KEY, HardeningProfile.SECRET_ACCESS_KEY.substring(0, 16),
                HardeningProfile.ACCESS_KEY_ID, session.accessKeyId(), session.secretAccessKey(), session.secretAccessKey().substring(0, 16), token,
                token.substring(0, 24), token.substring(token.length() / 2, token.length() / 2 + 24) }) {
            assertFalse(everything.contains(secret), "a credential leaked into the output: " + excerpt(everything, secret));
        }
    }

    /** The test's own way into the member account. */
    private static IamClient memberIam() {
        return MemberAccount.iam(MemberAccount.credentials(MEMBER));
    }

    private static String excerpt(String text, String secret) {
        int at = text.indexOf(secret);
        return text.substring(Math.max(0, at - 200), Math.min(text.length(), at + 50));
    }

    /** Writes to the real stream and to the capture. */
    static final class TeeStream extends java.io.OutputStream {
        private final java.io.OutputStream a;
        private final java.io.OutputStream b;

        TeeStream(java.io.OutputStream a, java.io.OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws java.io.IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public void write(byte[] bytes, int off, int len) throws java.io.IOException {
            a.write(bytes, off, len);
            b.write(bytes, off, len);
        }
    }
}
