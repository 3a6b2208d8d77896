package io.trailguard.remediation;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.iam.IamClient;

/** Produces the AWS clients that have no Quarkus extension here (IAM, CloudTrail), configured by {@link AwsClientConfig}. */
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
    IamClient iam() {
        // IAM is a global service, signed for us-east-1 (aws-global) whatever the function's region
        return configure(IamClient.builder(), Region.AWS_GLOBAL).build();
    }

    @Produces
    @ApplicationScoped
    CloudTrailClient cloudTrail() {
        return configure(CloudTrailClient.builder(), region()).build();
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

    /** The function's own credentials, or the event account's remediation role's while a decision runs there. */
    private AwsCredentialsProvider credentials() {
        return credentials;
    }
}
