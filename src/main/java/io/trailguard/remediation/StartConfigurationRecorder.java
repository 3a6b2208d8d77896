package io.trailguard.remediation;

import io.trailguard.policy.Remediation;
import software.amazon.awssdk.services.config.ConfigClient;

/** Starts an AWS Config configuration recorder that was stopped. */
public record StartConfigurationRecorder(ConfigClient config, String recorder) implements Remediation {

    @Override
    public String action() {
        return "config:StartConfigurationRecorder";
    }

    @Override
    public String target() {
        return "configuration recorder " + recorder;
    }

    @Override
    public boolean needed() {
        // an unknown recorder throws NoSuchConfigurationRecorderException: recorded as a failed action, not as compliant
        return config.describeConfigurationRecorderStatus(b -> b.configurationRecorderNames(recorder))
                .configurationRecordersStatus().stream()
                .noneMatch(s -> recorder.equals(s.name()) && Boolean.TRUE.equals(s.recording()));
    }

    @Override
    public void apply() {
        config.startConfigurationRecorder(b -> b.configurationRecorderName(recorder));
    }
}
