package io.trailguard.it;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;
import io.trailguard.Lambda;
import io.trailguard.MotoServer;
import io.trailguard.SampleEvents;
import io.trailguard.policy.HandlerNames;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;

/**
 * The packaged artifact takes rules with no build: one from a rules file beside it ({@code trailguard.rules.files}),
 * one from its environment ({@code trailguard.rules.inline}), both read at start-up; each decides an event, and the
 * file's rule remediates in moto. On the JVM jar in {@code verify}; on the native binary in CI (Jackson YAML there).
 * Both rules are the {@code s3} handler's, which another handler's binary does not read: it runs against the
 * {@code all} and {@code s3} binaries only.
 */
@ForFunction(HandlerNames.S3)
@QuarkusIntegrationTest
@TestProfile(DeclaredRulesIT.Profile.class)
class DeclaredRulesIT {

    static final String BUCKET = "tg-finance-exports-2026"; // the bucket of events/s3-bucket-deleted/delete-bucket-policy.json

    static final String FILE_RULES = """
            rules:
              - name: bucket-policy-removed
                handler: s3
                description: A bucket policy was removed
                severity: MEDIUM
                mode: enforce
                pattern:
                  source: [aws.s3]
                  detail-type: [AWS API Call via CloudTrail]
                  detail:
                    eventSource: [s3.amazonaws.com]
                    eventName: [{prefix: DeleteBucketPolicy}]
                conditions:
                  - predicate: compare
                    pointer: /detail/requestParameters/bucketName
                    op: starts-with
                    value: tg-
                resource:
                  type: AWS::S3::Bucket
                  id: ${detail.requestParameters.bucketName}
                finding: "policy of ${detail.requestParameters.bucketName} removed by ${detail.userIdentity.arn}"
                actions:
                  - name: s3.enable-versioning
                    params:
                      bucket: ${detail.requestParameters.bucketName}
                attack: [T1562]
            """;

    /** One line, as an environment variable is set from a console. */
    static final String INLINE_RULES = "rules: [{name: bucket-created-inline, handler: s3, description: A bucket was created, "
            + "severity: LOW, mode: alert, pattern: {source: [aws.s3], detail: {eventName: [CreateBucket]}}, "
            + "finding: 'bucket ${detail.requestParameters.bucketName} created'}]";

    public static class Profile extends HandlerProfile {
        @Override
        protected String handler() {
            return HandlerNames.ALL;
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            Path file = Path.of("target/it-rules/my-rules.yaml").toAbsolutePath();
            try {
                Files.createDirectories(file.getParent());
                Files.writeString(file, FILE_RULES);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
            overrides.put("trailguard.rules.files", file.toString());
            overrides.put("trailguard.rules.inline", INLINE_RULES);
            return overrides;
        }
    }

    final S3Client s3 = MotoClients.s3();

    @BeforeEach
    void bucket() {
        MotoServer.reset();
        s3.createBucket(b -> b.bucket(BUCKET));
    }

    @AfterEach
    void close() {
        s3.close();
    }

    @Test
    void aRuleFromARulesFileDecidesAndRemediates() throws Exception {
        Lambda.invoke(SampleEvents.read("s3-bucket-deleted", "delete-bucket-policy")).statusCode(200)
                .body("status", equalTo("decided"))
                .body("decisions.find { it.policy == 'bucket-policy-removed' }.severity", equalTo("MEDIUM"))
                .body("decisions.find { it.policy == 'bucket-policy-removed' }.mode", equalTo("enforce"))
                .body("decisions.find { it.policy == 'bucket-policy-removed' }.findings",
                        equalTo(List.of("policy of " + BUCKET + " removed by arn:aws:iam::123456789012:user/alice")))
                .body("decisions.find { it.policy == 'bucket-policy-removed' }.attack", equalTo(List.of("T1562")))
                .body("decisions.find { it.policy == 'bucket-policy-removed' }.actions.action", equalTo(List.of("s3.enable-versioning")))
                .body("decisions.find { it.policy == 'bucket-policy-removed' }.actions.outcome", equalTo(List.of("applied")));
        assertEquals(BucketVersioningStatus.ENABLED, s3.getBucketVersioning(b -> b.bucket(BUCKET)).status(), "versioning enabled in moto");
    }

    @Test
    void aRuleFromTheEnvironmentDecides() throws Exception {
        Lambda.invoke(SampleEvents.read("s3-bucket-deleted", "create-bucket")).statusCode(200)
                .body("status", equalTo("decided"))
                .body("decisions.find { it.policy == 'bucket-created-inline' }.severity", equalTo("LOW"))
                .body("decisions.find { it.policy == 'bucket-created-inline' }.mode", equalTo("alert"))
                .body("decisions.find { it.policy == 'bucket-created-inline' }.matched", equalTo(true));
    }
}
