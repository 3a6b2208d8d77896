package io.trailguard.remediation;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Qualifier;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.config.ConfigClient;
import software.amazon.awssdk.services.guardduty.GuardDutyClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.route53domains.Route53DomainsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3control.S3ControlClient;
import software.amazon.awssdk.services.s3control.S3ControlClientBuilder;
import software.amazon.awssdk.endpoints.Endpoint;

/**
 * Produces every AWS client trailguard uses (S3, SNS, IAM, CloudTrail …), configured by {@link AwsClientConfig}: plain
 * SDK clients, not the Quarkus Amazon Services extensions, whose configuration roots cost each cold start more than
 * building the clients does. Security Hub, SSM, Firehose, DynamoDB, ECR, Secrets Manager, S3 Glacier, Lambda and SQS
 * are signed calls instead ({@link SignedJsonCall}): their clients cost a native binary far more than the few calls
 * made of them.
 */
@ApplicationScoped
public class AwsClients {

    /**
     * The SNS client that changes topics in the event's account: the alerts' client ({@link #alerts}) always has the
     * function's own credentials, so it cannot be the one acting in another account.
     */
    public static final String TOPICS = "trailguard-topics";

    private final AwsClientConfig config;
    private final AccountCredentials credentials;

    public AwsClients(AwsClientConfig config, AccountCredentials credentials) {
        this.config = config;
        this.credentials = credentials;
    }

    /** S3, acting in the event's account; path-style addressing on an emulator (moto answers on its own host). */
    @Produces
    @ApplicationScoped
    S3Client s3() {
        S3ClientBuilder builder = configure(S3Client.builder(), region());
        config.endpointOverride().ifPresent(url -> builder.forcePathStyle(true));
        return builder.build();
    }

    /** The SNS client that sends the alerts: always with the function's own credentials, whatever account acts. */
    @Produces
    @ApplicationScoped
    SnsClient alerts() {
        return configure(SnsClient.builder(), region()).credentialsProvider(credentials.own()).build();
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

    @Produces
    @ApplicationScoped
    GuardDutyClient guardDuty() {
        return configure(GuardDutyClient.builder(), region()).build();
    }

    @Produces
    @ApplicationScoped
    ConfigClient config() {
        return configure(ConfigClient.builder(), region()).build();
    }

    @Produces
    @ApplicationScoped
    KmsClient kms() {
        return configure(KmsClient.builder(), region()).build();
    }

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
    S3ControlClient s3Control() {
        S3ControlClientBuilder builder = configure(S3ControlClient.builder(), region());
        // the endpoint rules put the account id in front of the host; an emulator answers on the override as it is
        config.endpointOverride().ifPresent(url -> builder.endpointProvider(
                params -> CompletableFuture.completedFuture(Endpoint.builder().url(url).build())));
        return builder.build();
    }

    @Produces
    @ApplicationScoped
    @Named(TOPICS)
    @NotDefault
    SnsClient topics() {
        return configure(SnsClient.builder(), region()).build();
    }

    @Produces
    @ApplicationScoped
    EventBridgeClient eventBridge() {
        return configure(EventBridgeClient.builder(), region()).build();
    }

    @Produces
    @ApplicationScoped
    Route53DomainsClient route53Domains() {
        // Route 53 Domains has one endpoint, in us-east-1, whatever the function's region
        return configure(Route53DomainsClient.builder(), Region.US_EAST_1).build();
    }

    void close(@Disposes S3Client client) {
        client.close();
    }

    void closeAlerts(@Disposes SnsClient client) {
        client.close();
    }

    void close(@Disposes IamClient client) {
        client.close();
    }

    void close(@Disposes CloudTrailClient client) {
        client.close();
    }

    void close(@Disposes GuardDutyClient client) {
        client.close();
    }

    void close(@Disposes ConfigClient client) {
        client.close();
    }

    void close(@Disposes KmsClient client) {
        client.close();
    }

    void close(@Disposes Ec2Client client) {
        client.close();
    }

    void close(@Disposes RdsClient client) {
        client.close();
    }

    void close(@Disposes @Named(TOPICS) @NotDefault SnsClient client) {
        client.close();
    }

    void close(@Disposes S3ControlClient client) {
        client.close();
    }

    void close(@Disposes EventBridgeClient client) {
        client.close();
    }

    void close(@Disposes Route53DomainsClient client) {
        client.close();
    }

    /**
     * Keeps a second client of a type from being a {@code @Default} bean ({@code @Named} alone does not): an
     * unqualified {@code SnsClient} is the alerts' client, {@code @Named(TOPICS)} the one acting in the event's account.
     */
    @Qualifier
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ ElementType.METHOD, ElementType.PARAMETER, ElementType.FIELD })
    @interface NotDefault {
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
