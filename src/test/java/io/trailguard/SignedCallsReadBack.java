package io.trailguard;

import java.net.URI;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;

import io.trailguard.remediation.AwsClientConfig;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.endpoints.Endpoint;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.config.ConfigClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.glacier.GlacierClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3control.S3ControlClient;
import software.amazon.awssdk.services.guardduty.GuardDutyClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * The tests' SSM, Firehose, DynamoDB, SNS, SQS, ECR, Secrets Manager, S3 Glacier, KMS, CloudTrail, AWS Config,
 * EventBridge, GuardDuty, Lambda, S3, S3 Control, IAM, RDS and EC2 clients, to set up and read back in the emulator what the function and the redrive
 * command read and write (neither has these clients: remediation/SsmParameters, FirehoseRecords, DynamoDbCalls,
 * SnsMessages, the public-policy executors, the KMS key, trail and Lambda executors, StartConfigurationRecorder,
 * EnableEventRule, EnableGuardDutyDetector, the bucket executors, the IAM executors and tag reader, the RDS executors, the EC2 executors and tag
 * reader, S3Objects, replay/RedriveCommand and LambdaInvoker sign their calls). As {@link SecurityHubReadBack}.
 */
@ApplicationScoped
public class SignedCallsReadBack {

    @Produces
    @ApplicationScoped
    SsmClient ssm(AwsClientConfig config) {
        return on(SsmClient.builder(), config).build();
    }

    @Produces
    @ApplicationScoped
    FirehoseClient firehose(AwsClientConfig config) {
        return on(FirehoseClient.builder(), config).build();
    }

    @Produces
    @ApplicationScoped
    DynamoDbClient dynamoDb(AwsClientConfig config) {
        return on(DynamoDbClient.builder(), config).build();
    }

    @Produces
    @ApplicationScoped
    SnsClient sns(AwsClientConfig config) {
        return on(SnsClient.builder(), config).build();
    }

    @Produces
    @ApplicationScoped
    EcrClient ecr(AwsClientConfig config) {
        return on(EcrClient.builder(), config).build();
    }

    @Produces
    @ApplicationScoped
    SecretsManagerClient secretsManager(AwsClientConfig config) {
        return on(SecretsManagerClient.builder(), config).build();
    }

    @Produces
    @ApplicationScoped
    GlacierClient glacier(AwsClientConfig config) {
        return on(GlacierClient.builder(), config).build();
    }

    @Produces
    @ApplicationScoped
    LambdaClient lambda(AwsClientConfig config) {
        return on(LambdaClient.builder(), config).build();
    }

    void close(@Disposes LambdaClient client) {
        client.close();
    }

    @Produces
    @ApplicationScoped
    SqsClient sqs(AwsClientConfig config) {
        return on(SqsClient.builder(), config).build();
    }

    void close(@Disposes SqsClient client) {
        client.close();
    }

    void close(@Disposes SnsClient client) {
        client.close();
    }

    @Produces
    @ApplicationScoped
    ConfigClient config(AwsClientConfig config) {
        return on(ConfigClient.builder(), config).build();
    }

    void close(@Disposes ConfigClient client) {
        client.close();
    }

    @Produces
    @ApplicationScoped
    CloudTrailClient cloudTrail(AwsClientConfig config) {
        return on(CloudTrailClient.builder(), config).build();
    }

    void close(@Disposes CloudTrailClient client) {
        client.close();
    }

    @Produces
    @ApplicationScoped
    EventBridgeClient eventBridge(AwsClientConfig config) {
        return on(EventBridgeClient.builder(), config).build();
    }

    void close(@Disposes EventBridgeClient client) {
        client.close();
    }

    /** Path-style on the emulator, as the function's signed S3 calls address it. */
    @Produces
    @ApplicationScoped
    S3Client s3(AwsClientConfig config) {
        return on(S3Client.builder(), config).forcePathStyle(true).build();
    }

    void close(@Disposes S3Client client) {
        client.close();
    }

    /** The endpoint rules put the account id in front of the host; the emulator answers on the override as it is. */
    @Produces
    @ApplicationScoped
    S3ControlClient s3Control(AwsClientConfig config) {
        URI endpoint = config.endpointOverride().orElseThrow();
        return on(S3ControlClient.builder(), config)
                .endpointProvider(params -> CompletableFuture.completedFuture(Endpoint.builder().url(endpoint).build())).build();
    }

    void close(@Disposes S3ControlClient client) {
        client.close();
    }

    /** IAM is global: signed for us-east-1 whatever the function's region, as its signed calls are. */
    @Produces
    @ApplicationScoped
    IamClient iam(AwsClientConfig config) {
        return on(IamClient.builder(), config).region(Region.AWS_GLOBAL).build();
    }

    void close(@Disposes IamClient client) {
        client.close();
    }

    @Produces
    @ApplicationScoped
    RdsClient rds(AwsClientConfig config) {
        return on(RdsClient.builder(), config).build();
    }

    void close(@Disposes RdsClient client) {
        client.close();
    }

    @Produces
    @ApplicationScoped
    Ec2Client ec2(AwsClientConfig config) {
        return on(Ec2Client.builder(), config).build();
    }

    void close(@Disposes Ec2Client client) {
        client.close();
    }

    @Produces
    @ApplicationScoped
    KmsClient kms(AwsClientConfig config) {
        return on(KmsClient.builder(), config).build();
    }

    void close(@Disposes KmsClient client) {
        client.close();
    }

    @Produces
    @ApplicationScoped
    GuardDutyClient guardDuty(AwsClientConfig config) {
        return on(GuardDutyClient.builder(), config).build();
    }

    void close(@Disposes GuardDutyClient client) {
        client.close();
    }

    void close(@Disposes EcrClient client) {
        client.close();
    }

    void close(@Disposes SecretsManagerClient client) {
        client.close();
    }

    void close(@Disposes GlacierClient client) {
        client.close();
    }

    void close(@Disposes SsmClient client) {
        client.close();
    }

    void close(@Disposes FirehoseClient client) {
        client.close();
    }

    void close(@Disposes DynamoDbClient client) {
        client.close();
    }

    private static <B extends AwsClientBuilder<B, ?> & SdkSyncClientBuilder<B, ?>> B on(B builder, AwsClientConfig config) {
        return builder.region(Region.of(config.region().orElse(MotoServer.REGION)))
                .endpointOverride(config.endpointOverride().orElseThrow())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .httpClientBuilder(UrlConnectionHttpClient.builder());
    }
}
