package io.trailguard.remediation;

import java.net.URI;
import java.time.Duration;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.trailguard.notify.SecureParameters;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/** SSM's GetParameter (awsJson 1.1) as a signed call, without the SDK's client. */
@ApplicationScoped
public class SsmParameters implements SecureParameters {

    private final SignedJsonCall call;

    @Inject
    public SsmParameters(AwsClientConfig config, AccountCredentials credentials) {
        this.call = SignedJsonCall.of("ssm", config, credentials);
    }

    /** SSM of {@code region}, at {@code endpointOverride} when set (an emulator): for a caller outside CDI. */
    public SsmParameters(String region, URI endpointOverride, AwsCredentialsProvider credentials, Duration timeout) {
        this.call = new SignedJsonCall("ssm", region, endpointOverride, credentials, timeout);
    }

    @Override
    public String value(String name) {
        return call.target(SignedJsonCall.AwsJsonApi.SSM, "GetParameter", JsonNodeFactory.instance.objectNode().put("Name", name).put("WithDecryption", true))
                .path("Parameter").path("Value").asText(null);
    }

    @PreDestroy
    void close() {
        call.close();
    }
}
