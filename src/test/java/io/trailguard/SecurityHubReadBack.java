package io.trailguard;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;

import io.trailguard.remediation.AwsClientConfig;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.securityhub.SecurityHubClient;

/**
 * The tests' Security Hub client, to read back from the emulator the findings the function imported (the function
 * itself has no Security Hub client: remediation/SecurityHubImport signs its one call).
 */
@ApplicationScoped
public class SecurityHubReadBack {

    @Produces
    @ApplicationScoped
    SecurityHubClient securityHub(AwsClientConfig config) {
        return SecurityHubClient.builder()
                .region(Region.of(config.region().orElse(MotoServer.REGION)))
                .endpointOverride(config.endpointOverride().orElseThrow())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    void close(@Disposes SecurityHubClient client) {
        client.close();
    }
}
