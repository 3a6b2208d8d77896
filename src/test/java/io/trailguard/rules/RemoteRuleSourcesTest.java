package io.trailguard.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.trailguard.AwsCallRecorder;
import io.trailguard.MotoServer;
import io.trailguard.SampleTable;
import io.trailguard.policy.HandlerNames;
import io.trailguard.remediation.S3Objects;
import io.trailguard.remediation.SsmParameters;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/** Rules from an SSM parameter (a SecureString under a customer key) and from an S3 object, read from moto as at start-up. */
class RemoteRuleSourcesTest {

    static SsmClient ssm;
    /** The function's reads: a signed call, as in a deployed function. */
    static SsmParameters parameters;
    static S3Client s3;
    /** The function's read of the rules object: signed calls, as in a deployed function. */
    static S3Objects objects;
    static KmsClient kms;

    @BeforeAll
    static void moto() {
        new MotoServer().start();
        MotoServer.reset();
        ssm = on(SsmClient.builder()).build();
        parameters = new SsmParameters(MotoServer.REGION, URI.create(MotoServer.endpoint()),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")), Duration.ofSeconds(10));
        s3 = on(S3Client.builder()).forcePathStyle(true).build();
        objects = new S3Objects(MotoServer.REGION, URI.create(MotoServer.endpoint()),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")), Duration.ofSeconds(10));
        kms = on(KmsClient.builder()).build();
    }

    @AfterAll
    static void close() {
        ssm.close();
        s3.close();
        objects.close();
        kms.close();
    }

    @Test
    void aSecureStringParameterHoldsRules() {
        String key = kms.createKey(b -> b.description("trailguard rules")).keyMetadata().arn();
        ssm.putParameter(b -> b.name("/trailguard/rules").type(ParameterType.SECURE_STRING).keyId(key)
                .value(ValidateRulesCommandTest.BUCKET_POLICY_CHANGED).overwrite(true));

        // recorded as a function's start-up read, for infra's check of the RulesParameter grant (LeastPrivilegeTest)
        List<RuleText> texts = AwsCallRecorder.asFunction(HandlerNames.ALL, Map.of("trailguard.rules.ssm-parameter", "/trailguard/rules"),
                () -> new SsmParameterRules(parameters, "/trailguard/rules").read());
        assertEquals(List.of(new RuleText("ssm parameter /trailguard/rules", ValidateRulesCommandTest.BUCKET_POLICY_CHANGED)), texts,
                "read decrypted");
        List<DeclaredRule> rules = new DeclaredRules(List.of(new SsmParameterRules(parameters, "/trailguard/rules")), actions()).rules();
        assertEquals(List.of("bucket-policy-changed"), rules.stream().map(DeclaredRule::name).toList());

        InvalidRulesException missing = assertThrows(InvalidRulesException.class, () -> new SsmParameterRules(parameters, "/trailguard/none").read());
        assertEquals(List.of("trailguard.rules.ssm-parameter: cannot read /trailguard/none: ParameterNotFound"), missing.problems());
    }

    @Test
    void anS3ObjectHoldsRulesAndItsProblemsAreNamedByItsUri() {
        s3.createBucket(b -> b.bucket("tg-rules"));
        s3.putObject(b -> b.bucket("tg-rules").key("prod/rules.yaml"),
                software.amazon.awssdk.core.sync.RequestBody.fromString(ValidateRulesCommandTest.BUCKET_POLICY_CHANGED.replace("severity: MEDIUM", "severity: DIRE")));

        InvalidRulesException invalid = assertThrows(InvalidRulesException.class,
                () -> new DeclaredRules(List.of(new S3ObjectRules(objects, "s3://tg-rules/prod/rules.yaml")), actions()));
        assertEquals(List.of("rule bucket-policy-changed, field severity: unknown severity DIRE (known: info | low | medium | high | critical)"),
                invalid.problems());

        s3.putObject(b -> b.bucket("tg-rules").key("prod/rules.yaml"),
                software.amazon.awssdk.core.sync.RequestBody.fromString(ValidateRulesCommandTest.BUCKET_POLICY_CHANGED));
        // recorded as a function's start-up read, for infra's check of the RulesObject grant (LeastPrivilegeTest)
        DeclaredRules read = AwsCallRecorder.asFunction(HandlerNames.ALL, Map.of("trailguard.rules.s3-uri", "s3://tg-rules/prod/rules.yaml"),
                () -> new DeclaredRules(List.of(new S3ObjectRules(objects, "s3://tg-rules/prod/rules.yaml")), actions()));
        assertEquals(List.of("bucket-policy-changed"), read.rules().stream().map(DeclaredRule::name).toList());

        assertEquals(List.of("trailguard.rules.s3-uri: cannot read s3://tg-rules/absent.yaml: NoSuchKey"),
                assertThrows(InvalidRulesException.class, () -> new S3ObjectRules(objects, "s3://tg-rules/absent.yaml").read()).problems());
        assertEquals(List.of("trailguard.rules.s3-uri: https://tg-rules/x.yaml is not s3://bucket/key"),
                assertThrows(InvalidRulesException.class, () -> new S3ObjectRules(objects, "https://tg-rules/x.yaml").read()).problems());
    }

    private static java.util.Set<String> actions() {
        return SampleTable.get().executors().keySet();
    }

    private static <B extends software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, ?>
            & software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder<B, ?>> B on(B builder) {
        return builder.endpointOverride(URI.create(MotoServer.endpoint())).region(Region.of(MotoServer.REGION))
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")));
    }
}
