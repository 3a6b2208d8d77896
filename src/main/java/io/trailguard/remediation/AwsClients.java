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
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.rds.RdsClient;

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

    // @ApplicationScoped producers hand out lazy proxies: a function whose policies never call EC2 never builds its client
    @Produces
    @ApplicationScoped
    Ec2Client ec2() {
        return configure(Ec2Client.builder(), region()).build();
    }

    @Produces
    @ApplicationScoped
    RdsClient rds() {
        return configure(RdsClient.builder(), region()).build();
    }

    @Produces
    @ApplicationScoped
    LambdaClient lambda() {
        return configure(LambdaClient.builder(), region()).build();
    }

    @Produces
    @ApplicationScoped
    DynamoDbClient dynamoDb() {
        return configure(DynamoDbClient.builder(), region()).build();
    }

    void close(@Disposes Ec2Client client) {
        client.close();
    }

    void close(@Disposes RdsClient client) {
        client.close();
    }

    void close(@Disposes LambdaClient client) {
        client.close();
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
                        .apiCallTimeout(Duration.ofMillis(config.apiCallTimeoutMillis())).build());
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
