package io.trailguard.remediation;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.trailguard.policy.ActionSpec;
import io.trailguard.predicates.AwsIdentifiers;
import software.amazon.awssdk.services.config.ConfigClient;

/** Starts an AWS Config configuration recorder that was stopped. */
@ApplicationScoped
public class StartConfigurationRecorder implements ActionExecutor {

    public static final String NAME = "config.start-configuration-recorder";

    private final ConfigClient config;

    public StartConfigurationRecorder(ConfigClient config) {
        this.config = config;
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
        return config.describeConfigurationRecorderStatus(b -> b.configurationRecorderNames(recorder))
                .configurationRecordersStatus().stream()
                .noneMatch(s -> recorder.equals(s.name()) && Boolean.TRUE.equals(s.recording()));
    }

    @Override
    public void apply(ActionSpec spec) {
        config.startConfigurationRecorder(b -> b.configurationRecorderName(spec.string("recorder")));
    }
}
