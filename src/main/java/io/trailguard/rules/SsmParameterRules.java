package io.trailguard.rules;

import java.util.List;

import io.trailguard.notify.SecureParameters;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The rules file held in an SSM parameter ({@code trailguard.rules.ssm-parameter}), String or SecureString, read once
 * with decryption at start-up: a deployed function takes new rules at its next cold start, with no rebuild.
 */
public final class SsmParameterRules implements RuleSource {

    private final SecureParameters ssm;
    private final String name;

    public SsmParameterRules(SecureParameters ssm, String name) {
        this.ssm = ssm;
        this.name = name;
    }

    @Override
    public List<RuleText> read() {
        if (name == null || name.isBlank()) {
            return List.of();
        }
        String yaml;
        try {
            yaml = ssm.value(name.strip());
        } catch (AwsServiceException e) {
            // the error code says why (ParameterNotFound, AccessDeniedException); the value is never told
            String code = e.awsErrorDetails() != null ? e.awsErrorDetails().errorCode() : e.getClass().getSimpleName();
            throw new InvalidRulesException(List.of("trailguard.rules.ssm-parameter: cannot read " + name + ": " + code));
        } catch (SdkException e) {
            throw new InvalidRulesException(List.of("trailguard.rules.ssm-parameter: cannot read " + name + ": " + e.getClass().getSimpleName()));
        }
        return List.of(new RuleText("ssm parameter " + name.strip(), yaml));
    }
}
