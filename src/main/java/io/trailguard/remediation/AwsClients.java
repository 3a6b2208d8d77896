package io.trailguard.remediation;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * Produces the AWS client trailguard uses (EC2), configured by {@link AwsClientConfig}: plain
 * SDK clients, not the Quarkus Amazon Services extensions, whose configuration roots cost each cold start more than
 * building the clients does. Security Hub, SSM, Firehose, DynamoDB, SQS, ECR, Secrets Manager, S3 Glacier, KMS,
 * CloudTrail, AWS Config, EventBridge, Route 53 Domains, GuardDuty and Lambda are signed calls instead
 * ({@link SignedJsonCall}), and so is SNS ({@link SignedQueryCall}: the alerts and the topic policies): their clients
 * cost a native binary far more than the few calls made of them. S3's calls are signed too ({@link SignedS3Call}: the
 * bucket executors, the tag reader and {@link S3Objects}), S3 Control's ({@link AccountPublicAccessBlockCalls}) and
 * STS's ({@link AccountCredentials}) IAM's (its executors and tag reader, {@link SignedQueryCall#iam}) and RDS's ({@link SignedQueryCall#rds}): a
 * function whose executors do not call EC2 holds no SDK client.
 */
@ApplicationScoped
public class AwsClients {

    private final AwsClientConfig config;
    private final AccountCredentials credentials;

    public AwsClients(AwsClientConfig config, AccountCredentials credentials) {
        this.config = config;
        this.credentials = credentials;
    }

    @Produces
    @ApplicationScoped
    Ec2Client ec2() {
        return configure(Ec2Client.builder(), region()).build();
    }

    void close(@Disposes Ec2Client client) {
        client.close();
    }

    private <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(
            B builder, Region region) {
        builder.region(region)
                .credentialsProvider(credentials())
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .apiCallTimeout(Duration.ofMillis(config.apiCallTimeoutMillis()))
                        // trailguard retries remediations itself, within the invocation's deadline (engine.Retries)
                        .retryStrategy(AwsRetryStrategy.doNotRetry()).build());
        builder.httpClientBuilder(UrlConnectionHttpClient.builder());
        config.endpointOverride().ifPresent(builder::endpointOverride);
        return builder;
    }

    private Region region() {
        return config.region().map(Region::of).orElseGet(() -> new DefaultAwsRegionProviderChain().getRegion());
    }

    /** The function's own credentials, or the event account's remediation role's while a decision runs there. */
    private AwsCredentialsProvider credentials() {
        return credentials;
    }
}
