package io.trailguard;

import java.net.URI;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * The tests' own way into a member account of an organization in moto, independent of the code under test: a session
 * of its {@code test-admin} role (moto maps assumed-role keys to the role's account), and an IAM client on moto.
 */
public final class MemberAccount {

    private MemberAccount() {
    }

    /** A session of {@code account}'s test-admin role, assumed with the emulator's default keys. */
    public static AwsCredentialsProvider credentials(String account) {
        try (StsClient sts = StsClient.builder().region(Region.US_EAST_1).endpointOverride(URI.create(MotoServer.endpoint()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {
            Credentials c = sts.assumeRole(b -> b.roleArn("arn:aws:iam::" + account + ":role/test-admin").roleSessionName("test"))
                    .credentials();
            return StaticCredentialsProvider.create(AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(), c.sessionToken()));
        }
    }

    /** IAM on moto with {@code credentials} (without the function's call timeout). */
    public static IamClient iam(AwsCredentialsProvider credentials) {
        return IamClient.builder().region(Region.AWS_GLOBAL).endpointOverride(URI.create(MotoServer.endpoint()))
                .credentialsProvider(credentials).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }
}
