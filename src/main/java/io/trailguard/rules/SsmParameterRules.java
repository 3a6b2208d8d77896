package io.trailguard.rules;

import java.util.List;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.SsmException;

/**
 * The rules file held in an SSM parameter ({@code trailguard.rules.ssm-parameter}), String or SecureString, read once
 * with decryption at start-up: a deployed function takes new rules at its next cold start, with no rebuild.
 */
public final class SsmParameterRules implements RuleSource {

    private final SsmClient ssm;
    private final String name;

    public SsmParameterRules(SsmClient ssm, String name) {
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
            yaml = ssm.getParameter(b -> b.name(name.strip()).withDecryption(true)).parameter().value();
        } catch (SsmException e) {
            // the error code says why (ParameterNotFound, AccessDeniedException); the value is never told
            String code = e.awsErrorDetails() != null ? e.awsErrorDetails().errorCode() : e.getClass().getSimpleName();
            throw new InvalidRulesException(List.of("trailguard.rules.ssm-parameter: cannot read " + name + ": " + code));
        } catch (SdkException e) {
            throw new InvalidRulesException(List.of("trailguard.rules.ssm-parameter: cannot read " + name + ": " + e.getClass().getSimpleName()));
        }
        return List.of(new RuleText("ssm parameter " + name.strip(), yaml));
    }
}
