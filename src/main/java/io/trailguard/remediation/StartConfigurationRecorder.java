package io.trailguard.remediation;

import java.util.List;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.trailguard.policy.ActionSpec;
import io.trailguard.predicates.AwsIdentifiers;

/**
 * Starts an AWS Config configuration recorder that was stopped. AWS Config's awsJson API as signed calls
 * ({@link SignedJsonCall}), without the SDK's client.
 */
@ApplicationScoped
public class StartConfigurationRecorder implements ActionExecutor {

    public static final String NAME = "config.start-configuration-recorder";

    private final SignedJsonCall config;

    public StartConfigurationRecorder(AwsClientConfig config, AccountCredentials credentials) {
        this.config = SignedJsonCall.of("config", config, credentials);
    }

    public static ActionSpec spec(String recorder) {
        return ActionSpec.of(NAME, "recorder", recorder);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Permission> permissions() {
        // AWS Config takes no resource-level permissions for these
        return List.of(Permission.onAny("config:DescribeConfigurationRecorderStatus"), Permission.onAny("config:StartConfigurationRecorder"));
    }

    @Override
    public String refusal(ActionSpec spec) {
        return ParamCheck.string(spec, "recorder", AwsIdentifiers::isConfigRecorderName, "a configuration recorder name");
    }

    @Override
    public String target(ActionSpec spec) {
        return "configuration recorder " + spec.string("recorder");
    }

    @Override
    public boolean needed(ActionSpec spec) {
        String recorder = spec.string("recorder");
        // an unknown recorder throws NoSuchConfigurationRecorderException: recorded as a failed action, not as compliant
        ObjectNode request = JsonNodeFactory.instance.objectNode();
        request.putArray("ConfigurationRecorderNames").add(recorder);
        for (JsonNode status : config.target(SignedJsonCall.AwsJsonApi.CONFIG, "DescribeConfigurationRecorderStatus", request)
                .path("ConfigurationRecordersStatus")) {
            // a status's members are lower camel on the wire
            if (recorder.equals(status.path("name").asText()) && status.path("recording").asBoolean(false)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void apply(ActionSpec spec) {
        config.target(SignedJsonCall.AwsJsonApi.CONFIG, "StartConfigurationRecorder",
                JsonNodeFactory.instance.objectNode().put("ConfigurationRecorderName", spec.string("recorder")));
    }

    @PreDestroy
    void close() {
        config.close();
    }
}
