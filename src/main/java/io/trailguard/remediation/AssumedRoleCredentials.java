package io.trailguard.remediation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * The temporary credentials of one role, from STS's AssumeRole (a {@link SignedQueryCall}: no STS client, no XML
 * parser), kept until five minutes before they expire, then asked for again. Each session's key id is told to the
 * AWS call log, which names the calls signed with it by the role they were made as.
 */
final class AssumedRoleCredentials implements AwsCredentialsProvider {

    /** Renewed this long before STS's expiry, so that a remediation is not signed with a key about to lapse. */
    static final Duration EARLY = Duration.ofMinutes(5);

    private final SignedQueryCall sts;
    private final Map<String, String> request;
    private final Clock clock;
    private volatile AwsSessionCredentials current;

    /** Sessions of {@code roleArn} named {@code sessionName}, of {@code seconds}, with {@code externalId} if not null. */
    AssumedRoleCredentials(SignedQueryCall sts, String roleArn, String sessionName, int seconds, String externalId, Clock clock) {
        this.sts = sts;
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("RoleArn", roleArn);
        parameters.put("RoleSessionName", sessionName);
        parameters.put("DurationSeconds", Integer.toString(seconds));
        if (externalId != null) {
            parameters.put("ExternalId", externalId);
        }
        this.request = Collections.unmodifiableMap(parameters); // in the order the SDK's client writes them
        this.clock = clock;
    }

    @Override
    public AwsCredentials resolveCredentials() {
        AwsSessionCredentials credentials = current;
        if (stale(credentials)) {
            synchronized (this) {
                credentials = current;
                if (stale(credentials)) {
                    current = credentials = assume();
                }
            }
        }
        return credentials;
    }

    private boolean stale(AwsSessionCredentials credentials) {
        return credentials == null || !credentials.expirationTime().map(expires -> clock.instant().isBefore(expires.minus(EARLY))).orElse(false);
    }

    private AwsSessionCredentials assume() {
        String answer = sts.call("AssumeRole", request);
        String keyId = SignedQueryCall.text(answer, "AccessKeyId");
        String secret = SignedQueryCall.text(answer, "SecretAccessKey");
        String token = SignedQueryCall.text(answer, "SessionToken");
        String expiration = SignedQueryCall.text(answer, "Expiration");
        String sessionArn = SignedQueryCall.text(answer, "Arn");
        if (keyId == null || secret == null || token == null || expiration == null) {
            // never the answer itself: it may hold part of a credential
            throw SdkClientException.create("sts AssumeRole of " + request.get("RoleArn") + ": the answer holds no complete credentials");
        }
        Instant expires;
        try {
            expires = OffsetDateTime.parse(expiration).toInstant();
        } catch (DateTimeParseException e) {
            throw SdkClientException.create("sts AssumeRole of " + request.get("RoleArn") + ": an expiration that is no time: " + expiration);
        }
        if (sessionArn != null) {
            AwsCallLog.session(keyId, sessionArn);
        }
        return AwsSessionCredentials.builder().accessKeyId(keyId).secretAccessKey(secret).sessionToken(token).expirationTime(expires).build();
    }

}
