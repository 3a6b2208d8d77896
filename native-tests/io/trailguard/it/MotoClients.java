package io.trailguard.it;

import java.net.URI;

import io.trailguard.MotoServer;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.config.ConfigClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * AWS clients on the moto the function under test talks to: the integration tests run outside the function's
 * process, so they set up and read back AWS state with their own clients (nothing to inject).
 */
public final class MotoClients {

    private MotoClients() {
    }

    public static S3Client s3() {
        return on(S3Client.builder().forcePathStyle(true)).build();
    }

    public static SnsClient sns() {
        return on(SnsClient.builder()).build();
    }

    public static SqsClient sqs() {
        return on(SqsClient.builder()).build();
    }

    public static IamClient iam() {
        return on(IamClient.builder()).build();
    }

    public static CloudTrailClient cloudTrail() {
        return on(CloudTrailClient.builder()).build();
    }

    public static ConfigClient config() {
        return on(ConfigClient.builder()).build();
    }

    public static KmsClient kms() {
        return on(KmsClient.builder()).build();
    }

    public static Ec2Client ec2() {
        return on(Ec2Client.builder()).build();
    }

    private static <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B on(B builder) {
        return builder.endpointOverride(URI.create(MotoServer.endpoint())).region(Region.of(MotoServer.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .httpClient(UrlConnectionHttpClient.create());
    }
}
