package io.trailguard.remediation;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.iam.IamClient;

/** Produces the AWS clients that have no Quarkus extension here (IAM, CloudTrail), configured by {@link AwsClientConfig}. */
@ApplicationScoped
public class AwsClients {

    private final AwsClientConfig config;

    public AwsClients(AwsClientConfig config) {
        this.config = config;
    }

    @Produces
    @ApplicationScoped
    IamClient iam() {
        // IAM is a global service, signed for us-east-1 (aws-global) whatever the function's region
        return configure(IamClient.builder(), Region.AWS_GLOBAL).build();
    }

    @Produces
    @ApplicationScoped
    CloudTrailClient cloudTrail() {
        return configure(CloudTrailClient.builder(), region()).build();
    }

    /** For the alert dedup store (trailguard.dedup.table); only built when a table is configured. */
    @Produces
    @ApplicationScoped
    DynamoDbClient dynamoDb() {
        return configure(DynamoDbClient.builder(), region()).build();
    }

    void close(@Disposes DynamoDbClient client) {
        client.close();
    }

    void close(@Disposes IamClient client) {
        client.close();
    }

    void close(@Disposes CloudTrailClient client) {
        client.close();
    }

    private <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(
            B builder, Region region) {
        builder.region(region)
                .credentialsProvider(credentials())
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .apiCallTimeout(Duration.ofMillis(config.apiCallTimeoutMillis()))
                        // trailguard retries remediations itself, within the invocation's deadline (policy.Retries)
                        .retryStrategy(AwsRetryStrategy.doNotRetry()).build());
        builder.httpClientBuilder(UrlConnectionHttpClient.builder());
        config.endpointOverride().ifPresent(builder::endpointOverride);
        return builder;
    }

    private Region region() {
        return config.region().map(Region::of).orElseGet(() -> new DefaultAwsRegionProviderChain().getRegion());
    }

    private AwsCredentialsProvider credentials() {
        if (config.accessKeyId().isPresent() && config.secretAccessKey().isPresent()) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(config.accessKeyId().get(), config.secretAccessKey().get()));
        }
        return DefaultCredentialsProvider.builder().build();
    }
}
